"""Imported once by the `compare` worker server so that each per-file worker starts ready:
the pipeline, the HTML page renderer and the section classifier are loaded before forking."""
from ..pipeline import analyse  # noqa: F401
from ..report.html import render_html  # noqa: F401
from ..segment.classifier import load_section_classifier
from .work import work  # noqa: F401

load_section_classifier()
