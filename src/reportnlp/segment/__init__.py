"""Segmentation: page chrome, title, headings with structural levels, statutory parts."""
