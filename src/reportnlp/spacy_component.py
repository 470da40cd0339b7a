"""spaCy integration (``pip install "reportnlp[spacy]"``): the analysis of reportnlp as a pipeline component.

    import spacy
    import reportnlp.spacy_component  # noqa: F401 - registers the factory (also found through the entry point)

    nlp = spacy.blank("zh")          # no model download: the blank Chinese pipeline, char segmenter
    nlp.add_pipe("reportnlp")
    doc = nlp(text)
    doc.spans["findings"]            # labels are rule codes (RN201 …)
    doc.spans["claims"]              # labels are metric ids, or "claim"
    doc.spans["headings"]            # labels are statutory part ids, or "heading"
    doc._.report                     # the whole reportnlp.Report

The spans cover the same characters as the API's `Span` positions (`char_span` with
``alignment_mode="expand"`` where a position falls inside a token of another segmenter).
"""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from .api import Report, Span, check_text

SPAN_KEYS = ("headings", "claims", "findings")
CLAIM_LABEL = "claim"
HEADING_LABEL = "heading"

if not Doc.has_extension("report"):
    Doc.set_extension("report", default=None)


def _span(doc: Doc, sp: Span | None, label: str):
    if sp is None or sp.end <= sp.start:
        return None
    return doc.char_span(sp.start, sp.end, label=label, alignment_mode="expand")


class ReportNLPComponent:
    """Runs `reportnlp.check_text` on `doc.text` and adds the results as span groups and `doc._.report`."""

    def __init__(self, nlp: Language, name: str, year: int | None = None, select: list[str] | None = None,
                 ignore: list[str] | None = None):
        self.name = name
        self.year = year
        self.select = select
        self.ignore = ignore

    def __call__(self, doc: Doc) -> Doc:
        if not doc.text.strip():
            doc._.report = None
            for key in SPAN_KEYS:
                doc.spans[key] = []
            return doc
        rep: Report = check_text(doc.text, year=self.year, select=self.select, ignore=self.ignore)
        doc._.report = rep
        groups = {
            "headings": [_span(doc, h.span, h.canonical or HEADING_LABEL) for h in rep.headings],
            "claims": [_span(doc, c.span, c.metric or CLAIM_LABEL) for c in rep.claims],
            "findings": [_span(doc, f.span, f.code) for f in rep.findings],
        }
        for key, spans in groups.items():
            doc.spans[key] = [s for s in spans if s is not None]
        return doc


@Language.factory("reportnlp", default_config={"year": None, "select": None, "ignore": None})
def make_reportnlp(nlp: Language, name: str, year: int | None, select: list[str] | None,
                   ignore: list[str] | None) -> ReportNLPComponent:
    return ReportNLPComponent(nlp, name, year=year, select=select, ignore=ignore)
