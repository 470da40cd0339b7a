"""Total-and-parts, subset and ratio relations on the fixture families of tests/fixtures/relations/.

Each pair: the consistent text yields the listed relations with their verdicts and no
arithmetic error; the one-number mutant is flagged by the named rule. Quiet texts raise no
arithmetic error (and, with `no_sums`, produce no sum check at all).
"""
from pathlib import Path

import pytest
import yaml

from reportnlp.config import Config
from reportnlp.pipeline import analyse_source
from reportnlp.read import Source

FIXTURES = Path(__file__).parent / "fixtures" / "relations"
ARITHMETIC_ERRORS = {"RN201", "RN203", "RN204"}


def cases():
    for path in sorted(FIXTURES.glob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for i, case in enumerate(data["cases"]):
            yield pytest.param(case, id=f"{path.stem}-{i}-{case['name'][:40]}")


def _analyse(text, tmp_path):
    src = Source(path=str(tmp_path / "case.txt"), format="txt", text=text)
    return analyse_source(src, config=Config(year=2024))


def _errors(rep):
    return [f for f in rep.findings if f.code in ARITHMETIC_ERRORS]


def test_enough_cases():
    all_cases = [p.values[0] for p in cases()]
    pairs = [c for c in all_cases if "mutant" in c]
    assert len(all_cases) >= 60 and len(pairs) >= 40
    for c in pairs:  # a mutant differs from its text in one figure
        a, b = c["text"], c["mutant"]
        assert len(a) - len(b) in (-1, 0, 1) and a != b, c["name"]


@pytest.mark.parametrize("case", list(cases()))
def test_relation_case(case, tmp_path):
    rep = _analyse(case["text"], tmp_path)
    errors = _errors(rep)
    assert not errors, [f.message for f in errors]
    if case.get("no_sums"):
        assert not [ch for ch in rep.checks if ch.kind in ("sum", "subset")], [ch.json_fields() for ch in rep.checks]
    for want in case.get("sums", []):
        total, verdict = want[0], want[1]
        kind = want[2] if len(want) > 2 else "sum"
        got = [ch for ch in rep.checks if ch.kind == kind and abs(ch.total.value - total) < 1e-9]
        assert any(ch.verdict == verdict for ch in got), (total, [(ch.kind, ch.verdict, ch.json_fields()) for ch in rep.checks])
        if kind == "sum":
            assert sum(1 for ch in got if ch.verdict == verdict) >= sum(1 for w in case["sums"] if w[0] == total and w[1] == verdict)
    for stated, verdict in case.get("ratios", []):
        assert any(ch.kind == "ratio" and ch.rate.value == stated and ch.verdict == verdict for ch in rep.checks)
    if "mutant" in case:
        mrep = _analyse(case["mutant"], tmp_path)
        flagged = [f for f in mrep.findings if f.code == case["flag"]]
        assert flagged, [(ch.kind, ch.verdict, ch.json_fields()) for ch in mrep.checks]
        if "flag_text" in case:
            assert case["flag_text"] in [mrep.span(f.nstart, f.nend)["text"] for f in flagged]


def test_units_come_from_the_lexicon():
    from reportnlp.numbers import family, same_class, to_base

    assert same_class("项", "件") and same_class("人", "人次") and not same_class("人", "件")
    assert not same_class("次", "家") and family("万元") == "money" and family("%") == "pct"
    assert to_base(1.2, "亿元") == to_base(12000, "万元") == 1.2e8


def test_a_malformed_lexicon_is_refused():
    from reportnlp import domain
    from reportnlp.domain import DomainDataError

    good = domain.load("relations")
    bad = {**good, "cues": {**good["cues"], "list": {"pattern": "其中"}}}
    with pytest.raises(DomainDataError, match="source"):
        domain.validate("relations", bad)


def test_typed_checks_keep_the_json_keys(tmp_path):
    rep = _analyse("共聘任法治副校长23人，其中公安民警12人、检察官5人、法官6人。", tmp_path)
    (ch,) = [c for c in rep.checks if c.kind == "sum"]
    assert ch.total.text == "23人" and [p.value for p in ch.parts] == [12, 5, 6]
    keys = set(ch.json_fields())
    assert {"total", "parts", "sum_of_parts", "unit", "marker"} <= keys
    assert ch.json_fields()["total"] == 23 and ch.claim_refs()["part_claims"] == ch.parts
    assert not hasattr(ch, "data")  # no dict mirror of the typed fields
