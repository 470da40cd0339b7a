"""The dated table of laws and regulations (domain/data/calendar/laws.yaml): its schema and sources, its
coverage of the reference table (../shared/reference, skipped when absent), that no reference title is
reported as wrong, and the flag/ok sentence pairs of tests/fixtures/calendar/laws.yaml run through the
whole check."""
import datetime as dt
from pathlib import Path

import pytest
import yaml

from reportnlp import domain
from reportnlp.check import lexicon as L
from reportnlp.check.rules.rn303 import judge
from reportnlp.cli import Config
from reportnlp.pipeline import analyse_source
from reportnlp.read import Source

FIX = Path(__file__).parent / "fixtures" / "calendar" / "laws.yaml"
CODES = ("RN301", "RN303", "RN310")


def _laws():
    return domain.load("calendar/laws")["laws"]


def _pairs():
    for i, p in enumerate(yaml.safe_load(FIX.read_text(encoding="utf-8"))["pairs"]):
        yield pytest.param(p, id=f"{i}-{p['what']}-{p['bureau']}")


def _run(text: str, year: int):
    rep = analyse_source(Source(path="case.txt", format="txt", text=text), config=Config(select=list(CODES), year=year))
    return rep, [f for f in rep.findings if f.code in CODES]



# --- the table itself ------------------------------------------------------------------------------------

def test_table_loads_with_sources_and_counts():
    laws = _laws()
    kinds = {}
    for e in laws:
        kinds[e["kind"]] = kinds.get(e["kind"], 0) + 1
        assert e["source"].strip(), e["title"]
    assert kinds["法律"] >= 300 and kinds["行政法规"] >= 650, kinds
    assert sum(1 for e in laws if e["repealed"]) >= 100
    titles = [e["title"] for e in laws]
    assert len(titles) == len(set(titles))


def test_dates_are_in_order():
    for e in _laws():
        days = [d for d in (e["adopted"], *e["revisions"]) if d]
        assert days == sorted(days), e["title"]
        for d in (e["adopted"], e["in_force"], e["repealed"], *e["revisions"]):
            if d:
                dt.date.fromisoformat(d)
        if e["repealed"] and e["adopted"]:
            assert e["repealed"] >= e["adopted"], e["title"]
        if e["replaced_by"]:
            assert e["repealed"], e["title"]


def test_known_dates():
    by = {e["title"]: e for e in _laws()}
    assert by["行政复议法"]["adopted"] == "1999-04-29" and by["行政复议法"]["revisions"][-1] == "2023-09-01"
    assert by["行政复议法"]["in_force"] == "2024-01-01" and by["行政复议法"]["prc_prefix"] is True
    assert by["合同法"]["repealed"] == "2021-01-01" and by["合同法"]["replaced_by"] == "民法典"
    assert by["信访条例"]["replaced_by"] == "信访工作条例"
    assert by["优化营商环境条例"]["prc_prefix"] is False and by["优化营商环境条例"]["kind"] == "行政法规"


def test_schema_rejects_a_bad_entry():
    good = {"title": "行政复议法", "prc_prefix": True, "kind": "法律", "adopted": "1999-04-29", "revisions": [],
            "in_force": None, "repealed": None, "replaced_by": None, "source": "LawRefBook/Laws x.md"}
    domain.validate("calendar/laws", {"source": "x", "laws": [good]})
    for bad in ({**good, "adopted": "1999-4-29"}, {**good, "title": "中华人民共和国行政复议法"},
                {**good, "kind": "法令"}, {**good, "colour": "red"}, {k: v for k, v in good.items() if k != "source"}):
        with pytest.raises(domain.DomainDataError):
            domain.validate("calendar/laws", {"source": "x", "laws": [bad]})


# --- how the checker reads it ----------------------------------------------------------------------------

def test_title_records_from_the_table():
    idx = L.title_index()
    assert idx["合同法"].until == 2020 and idx["合同法"].replaced_by == "民法典"
    assert idx["执业医师法"].until == 2021  # repealed 1 March 2022: not current for a report on 2022
    assert idx["信访条例"].until == 2022  # repealed 1 May 2022: still applied for part of 2022
    assert idx["监察法"].since == 2017  # adopted March 2018: a 2017 report written then may cite it
    assert idx["民法典"].since == 2020 and idx["中华人民共和国民法典"] is idx["民法典"]
    assert "中华人民共和国政府信息公开条例" in idx
    assert "2023年9月1日修改，2024年1月1日起施行" in idx["行政复议法"].source


def test_no_fact_lives_twice(tmp_path):
    """titles.tsv keeps only what laws.yaml does not hold; a row for a title of the table is refused."""
    laws = {L.fold(e["title"]) for e in _laws()}
    hand = [t.title for t in L.load_titles(L.corpora_dir() / "formulas" / "titles.tsv", laws=False)]
    assert not laws & set(hand), sorted(laws & set(hand))[:10]
    p = tmp_path / "titles.tsv"
    p.write_text("title\tlevel\tsince\tuntil\treplaced_by\tvariants\tsource\n宪法\t宪法\t1982\t\t\t\tx\n",
                 encoding="utf-8")
    with pytest.raises(L.LexiconError, match="laws.yaml"):
        L.load_titles(p)


def test_messages_cite_the_entry():
    rep, found = _run("认真贯彻《中华人民共和国行政复义法》，办结复议案件41件。", 2024)
    (f,) = [f for f in found if f.code == "RN303"]
    assert "《行政复议法》1999年4月29日通过，2023年9月1日修改" in f.message, f.message
    rep, found = _run("围绕《个人信息保护法》开展专项检查。", 2020)
    (f,) = [f for f in found if f.code == "RN301"]
    assert "依据：《个人信息保护法》2021年8月20日通过" in f.message, f.message
    rep, found = _run("依据《合同法》审查合同文本。", 2021)
    (f,) = [f for f in found if f.code == "RN301"]
    assert "《民法典》" in f.message and "2020年" in f.message, f.message


# --- the reference table (tests only) --------------------------------------------------------------------

def test_coverage_of_reference_laws_and_regulations(law_titles):
    rows = law_titles
    names = {r["name"].split(" ")[0] for r in rows if r["level"] in ("法律", "行政法规")}  # 民法典 总则 → 民法典
    idx = L.title_index()
    covered = [n for n in names if L.fold(n) in idx]
    # measured 2026-12: 959 of 959 titles (the reference and LawRefBook/Laws come from the same national database)
    assert len(covered) / len(names) >= 0.99, sorted(names - set(covered))[:20]


def test_no_reference_title_is_reported_wrong(law_titles):
    rows = law_titles
    names = sorted({r["name"] for r in rows if r["level"] in ("宪法", "法律", "行政法规", "部门规章")})
    wrong = [(n, judge(n)[1]) for n in names if judge(n)]
    wrong += [(f"中华人民共和国{n}", judge(f"中华人民共和国{n}")[1]) for n in names
              if n.endswith("法") and judge(f"中华人民共和国{n}")]
    assert not wrong, wrong[:10]


def test_no_reference_version_is_called_a_revision_that_never_was(law_titles):
    """Every version the reference lists, named by its year (《X》（2019年修订）) in a report on that year
    or the next, is never RN303's 'no such revision' nor RN301's 'never revised'. The reference is
    independent of laws.yaml's source, so this measures how complete the histories are where the
    checker relies on them: it found the 2024 amendment of 农业技术推广法 missing."""
    rows = [r for r in law_titles if r["level"] in ("宪法", "法律", "行政法规") and r["published"][:4].isdigit()]
    idx = L.title_index()
    cases = sorted({(r["name"].split(" ")[0], int(r["published"][:4])) for r in rows
                    if L.fold(r["name"].split(" ")[0]) in idx})
    assert len(cases) > 900
    bad = []
    for year in sorted({y for _n, y in cases if y >= 2015}):
        lines = [f"依据《{n}》（{y}年修订）办理案件。新修订的《{n}》已学习。" for n, y in cases if y == year]
        for report_year in (year, year + 1):
            src = Source(path=f"ref{year}.txt", format="txt", text=f"某县司法局{report_year}年法治政府建设年度报告\n" + "\n".join(lines) + "\n")
            rep = analyse_source(src, config=Config())
            bad += [(report_year, f.message[:80]) for f in rep.findings
                    if f.code == "RN303" and "修改年份有误" in f.message or f.code == "RN301" and "没有修改过" in f.message]
    assert not bad, bad[:10]


# --- the sentence pairs ----------------------------------------------------------------------------------

def test_fixture_size():
    pairs = yaml.safe_load(FIX.read_text(encoding="utf-8"))["pairs"]
    assert len(pairs) >= 60
    assert {p["what"] for p in pairs} == {"early", "stale", "retro", "title"}
    assert len({p["bureau"] for p in pairs}) >= 10


@pytest.mark.parametrize("pair", list(_pairs()))
def test_pair(pair):
    flag, ok = pair["flag"], pair["ok"]
    rep, found = _run(flag["text"], flag["year"])
    hits = [f for f in found if f.code == pair["code"]]
    assert hits, (pair["code"], [(f.code, f.message) for f in found])
    span = rep.span(hits[0].nstart, hits[0].nend)["text"]
    cited = flag["text"][flag["text"].index("《") + 1:flag["text"].index("》")]
    assert span.strip("《》") in cited, (span, cited)
    rep, found = _run(ok["text"], ok["year"])
    assert not [f for f in found if f.severity in ("error", "warning")], [(f.code, f.message) for f in found]
