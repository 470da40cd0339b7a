"""The dated knowledge base (domain/data/calendar/, domain/data/placeholders.yaml) through the real check.

Every pair in tests/fixtures/calendar/*.yaml has a sentence that must raise its rule code and a sentence
(or the same one in another report year: the other side of a year boundary) that must raise no
formulation finding at all. A held-out pair may carry `known_miss: <reason>` (the checker does not raise
the flag side) or `known_false_alarm: <reason>` (it flags the ok side): the test then asserts that this
failure still happens, so a fix makes it fail until the mark is taken off.
"""
from pathlib import Path

import pytest
import yaml

from reportnlp.cli import Config
from reportnlp.pipeline import analyse_source
from reportnlp.read import Source

FIX = Path(__file__).parent / "fixtures" / "calendar"
CODES = ("RN301", "RN302", "RN303", "RN304", "RN305", "RN310", "RN311", "RN312", "RN313", "RN314")
BUREAUS = {"司法", "市场监管", "卫健", "人社", "自然资源", "生态环境", "应急", "交通", "教育", "乡镇", "农业农村"}


def _pairs():
    for path in sorted(FIX.glob("*.yaml")):
        if path.name == "laws.yaml":
            continue
        for i, p in enumerate(yaml.safe_load(path.read_text(encoding="utf-8"))["pairs"]):
            yield path.stem, i, p


def _cases():
    for stem, i, p in _pairs():
        tag = f"{stem}-{i}"
        yield pytest.param(p["flag"], p["year"], p["code"], "known_miss" in p, id=f"{tag}-flag-{p['code']}")
        yield pytest.param(p.get("ok", p["flag"]), p.get("ok_year", p["year"]), None, "known_false_alarm" in p,
                           id=f"{tag}-ok")


def findings(text: str, year: int):
    src = Source(path="case.txt", format="txt", text=text)
    rep = analyse_source(src, config=Config(select=list(CODES), year=year))
    return [f for f in rep.findings if f.code in CODES]


@pytest.mark.parametrize("text,year,code,known", list(_cases()))
def test_calendar_pair(text, year, code, known):
    found = findings(text, year)
    detail = [(f.code, f.message) for f in found]
    if code is None:
        failed = bool(found)
        fixed = "no longer flagged: remove known_false_alarm"
    else:
        failed = code not in {f.code for f in found}
        fixed = f"{code} now raised: remove known_miss"
    assert failed == known, (fixed if known else detail)


def test_fixture_coverage():
    pairs = [p for _, _, p in _pairs()]
    assert len(pairs) >= 150
    assert {p["bureau"] for p in pairs} >= BUREAUS - {"农业农村"}
    for p in pairs:
        assert p["code"] in CODES and p["bureau"] in BUREAUS, p
        assert ("ok" in p) or (p.get("ok_year") not in (None, p["year"])), p
        for k in ("known_miss", "known_false_alarm"):
            assert k not in p or (isinstance(p[k], str) and p[k].strip()), p


def _placeholder_cases():
    from reportnlp import domain

    for e in domain.load("placeholders")["entries"]:
        for text in e["examples"]:
            yield pytest.param(e["id"], e["code"], text, True, id=f"{e['id']}-example-{text[:12]}")
        for text in e["must_not"]:
            yield pytest.param(e["id"], e["code"], text, False, id=f"{e['id']}-must-not-{text[:12]}")


@pytest.mark.parametrize("entry,code,text,hit", list(_placeholder_cases()))
def test_placeholder_entry_examples_and_look_alikes(entry, code, text, hit):
    """Each entry of domain/data/placeholders.yaml raises its examples; its look-alikes raise no finding
    of any placeholder, debris or broken-wording rule."""
    src = Source(path="case.txt", format="txt", text=text)
    rep = analyse_source(src, config=Config(select=["RN302", "RN304", "RN305"], year=2024))
    found = [f for f in rep.findings if f.code in ("RN302", "RN304", "RN305")]
    if hit:
        assert any(f.code == code and f.extra.get("entry") == entry for f in found), [f.message for f in found]
    else:
        assert not found, [f.message for f in found]


def test_calendar_files_name_their_sources():
    from reportnlp.domain import calendar as C

    records = [*C.plans(), *C.campaigns(), *C.terms(), *C.bodies(), *C.formulas(), *C.congresses(), *C.plenums()]
    assert records
    for r in records:
        src = r["source"] if isinstance(r, dict) else r.source
        assert src.strip(), r


def test_generated_forms_cover_every_congress_and_plenum():
    from reportnlp.check import lexicon as L
    from reportnlp.domain import calendar as C

    ids = {p.id for p in L.lexicon().periods}
    assert {f"congress-{c.number}" for c in C.congresses()} <= ids
    assert {f"plenum-{p.congress}-{p.session}" for p in C.plenums()} <= ids
    # both sides of the first-citation boundary of a plenum held in late February
    p = next(p for p in C.plenums() if p.congress == 20 and p.session == 2)
    assert C.cite_from(p.date) == 2023 and C.cite_from("2018-01-18") == 2017


def test_drafter_follows_the_calendar():
    from reportnlp.domain import calendar as C
    from reportnlp.draft import formulations as F

    for c in C.congresses():
        assert F.congress(c.year) == f"{c.name}精神"
        if C.next_congress(c.number) is None or C.next_congress(c.number).year > c.year + 1:
            assert F.congress(c.year + 1).startswith(f"{c.name}和{c.ordinal}届")
    for p in C.plans():
        if p["kind"] == "pufa" and "period" in p:
            assert all(F.pufa(y) == p["name"] for y in range(p["period"][0], p["period"][1] + 1))
        if p.get("role") == "government_outline":
            assert F.outline(p["period"][1]) == f"《{p['name']}》"


def test_kb_coverage_script_confirms_sources():
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[1]
    r = subprocess.run([sys.executable, str(root / "scripts" / "kb_coverage.py")], capture_output=True, text=True,
                       encoding="utf-8", cwd=root)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "calendar/plans.yaml" in r.stdout and "every entry names its source" in r.stdout
