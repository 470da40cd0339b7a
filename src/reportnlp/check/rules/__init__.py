"""One module per rule unit (RNxxx). Each registers itself with `@register`."""


def checks_of(rep, kind: str, verdict: str | None = "inconsistent"):
    """The report's relation checks of one kind (and verdict) — what most arithmetic rules read."""
    return [ch for ch in rep.checks if ch.kind == kind and (verdict is None or ch.verdict == verdict)]
