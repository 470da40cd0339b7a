"""One module per rule unit (RNxxx). Each registers itself with `@register`."""
