"""The spaCy component: a blank Chinese pipeline with `reportnlp` adds span groups at the API's positions."""
import importlib
import tomllib
from pathlib import Path

import pytest

spacy = pytest.importorskip("spacy")

import reportnlp  # noqa: E402
import reportnlp.spacy_component as component  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
TEXT = (ROOT / "examples" / "report_2025.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def nlp():
    nlp = spacy.blank("zh")
    assert nlp.tokenizer.segmenter == "char"  # offline: no jieba/pkuseg model needed
    nlp.add_pipe("reportnlp")
    return nlp


def test_spans_are_the_api_positions(nlp):
    doc = nlp(TEXT)
    rep = reportnlp.check(TEXT)
    assert doc._.report.to_json() == rep.to_json()
    want = {
        "headings": [(h.span.start, h.span.end, h.canonical or "heading") for h in rep.headings],
        "claims": [(c.span.start, c.span.end, c.metric or "claim") for c in rep.claims],
        "findings": [(f.span.start, f.span.end, f.code) for f in rep.findings if f.span is not None],
    }
    for key, spans in want.items():
        got = [(s.start_char, s.end_char, s.label_) for s in doc.spans[key]]
        assert got == spans, key
    assert {"RN201", "RN301", "RN304"} <= {s.label_ for s in doc.spans["findings"]}
    rn201 = next(s for s in doc.spans["findings"] if s.label_ == "RN201")
    assert rn201.text == "865件"
    assert [s.label_ for s in doc.spans["headings"]][:1] == ["measures"]


def test_config_and_empty_doc(nlp):
    only = spacy.blank("zh")
    only.add_pipe("reportnlp", config={"select": ["RN304"]})
    doc = only(TEXT)
    assert {s.label_ for s in doc.spans["findings"]} == {"RN304"}
    empty = nlp("   ")
    assert empty._.report is None and list(empty.spans["findings"]) == []


def test_positions_inside_tokens_expand(nlp):
    """With a word segmenter a position may fall inside a token: the span grows to whole tokens."""
    from spacy.tokens import Doc

    doc = Doc(nlp.vocab, words=["共办理", "120件", "。"], spaces=[False, False, False])
    sp = component._span(doc, reportnlp.Span(3, 6, 1, "120"), "claim")
    assert (sp.start_char, sp.end_char, sp.text, sp.label_) == (3, 7, "120件", "claim")


def test_displacy_renders_the_findings(nlp):
    from spacy import displacy

    html = displacy.render(nlp(TEXT), style="span", options={"spans_key": "findings"}, jupyter=False)
    assert "RN201" in html and "RN301" in html and "RN304" in html


def test_factory_entry_point_is_declared():
    meta = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    target = meta["project"]["entry-points"]["spacy_factories"]["reportnlp"]
    mod, func = target.split(":")
    assert getattr(importlib.import_module(mod), func) is component.make_reportnlp
    assert "spacy" in meta["project"]["optional-dependencies"]
    assert not any(d.startswith("spacy") for d in meta["project"]["dependencies"])
