"""Documents of many kinds of body (tests/fixtures/documents): who wrote them, what kind they are,
which year or period they report on, their headings and statutory parts; and the organisation cases."""
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
import eval_documents as ev

DOCS = yaml.safe_load((ev.FIX / "expected.yaml").read_text(encoding="utf-8"))["documents"]
CASES = yaml.safe_load((ev.FIX / "org_cases.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("doc", DOCS, ids=[d["file"] for d in DOCS])
def test_document(doc):
    text = (ev.FIX / doc["file"]).read_text(encoding="utf-8")
    rep = ev.analyse_text(text, doc["file"])
    m = rep.meta
    assert (m.org, m.doc_type, m.statutory_applicable, m.year) == \
        (doc["org"], doc["doc_type"], doc["statutory"], doc["year"])
    assert (list(m.period) if m.period else None) == doc["period"]
    if doc["org"] is None:
        why = m.evidence["org"]
        assert doc["org_reason"] in " ".join([why.cue or "", *why.cues])
    assert [(h.line, h.level, h.canonical) for h in rep.headings] == ev.expected_lines(text, doc["headings"])
    assert sorted({s.canonical for s in rep.sections}) == sorted(doc["parts"])
    assert rep.missing == doc["missing"]
    assert m.evidence["doc_type"].score is not None and m.type_certain


@pytest.mark.parametrize("case", CASES, ids=[c["name"][:50] for c in CASES])
def test_org_case(case):
    r = ev.score_org_case(case)
    assert r["org"] == case["org"], r["why"]
    assert r["org"] not in (case.get("not") or [])
    if case["org"] is None and case.get("reason"):
        assert case["reason"] in r["why"]


def test_fixtures_cover_ten_kinds_of_body_and_forty_org_cases():
    assert len({d["kind"] for d in DOCS}) >= 10
    assert len(CASES) >= 40 and sum(1 for c in CASES if c.get("not")) >= 15


def test_period_review_keeps_mentions_of_its_years():
    """A 2019—2023 review names 七五普法 as of 2020: not a stale formulation of 2023."""
    rep = ev.analyse_text((ev.FIX / "county_review.txt").read_text(encoding="utf-8"))
    assert tuple(rep.meta.period) == (2019, 2023) and rep.meta.year == 2023
    assert not [f for f in rep.findings if f.code == "RN301" and "七五" in f.message]


def test_low_confidence_type_keeps_the_statutory_check_as_warnings():
    """A text whose title names no type and whose body hints at two equally (政务公开, 依法行政): the
    type is uncertain, so RN101 still runs, as warnings, whichever kind came first."""
    text = ("工作情况报告\n今年以来，我局推进政务公开和依法行政各项工作。\n一、工作开展情况\n"
            "（一）完善制度。修订内部管理制度。\n二、下步打算\n继续完善制度。\n")
    rep = ev.analyse_text(text)
    assert rep.meta.doc_type is not None and "把握不大" in rep.meta.evidence["doc_type"].cues
    assert rep.meta.statutory_applicable and not rep.meta.type_certain
    rn101 = [f for f in rep.findings if f.code == "RN101"]
    assert rn101 and all(f.severity == "warning" for f in rn101)


def test_headings_set_in_one_cell_tables_of_a_docx(tmp_path):
    """Some bureaus lay a part heading out as a one-cell table; a many-cell row stays a table row."""
    from docxbuild import new_doc

    from reportnlp.pipeline import analyse

    doc = new_doc()
    doc.add_paragraph("梅川县教育局2023年度法治政府建设情况报告")
    doc.add_paragraph("一、主要举措和成效")
    doc.add_paragraph("全年检查校外培训机构46次，整改问题78个。")
    t = doc.add_table(rows=1, cols=1)
    t.cell(0, 0).text = "二、存在的不足和原因"
    doc.add_paragraph("部分学校法治副校长作用发挥不充分。")
    t = doc.add_table(rows=1, cols=2)
    t.cell(0, 0).text = "三、检查情况"
    t.cell(0, 1).text = "46次"
    doc.add_paragraph("三、党政主要负责人履行推进法治建设第一责任人职责情况")
    doc.add_paragraph("局党组书记主持召开党组会议专题研究法治工作2次，带头讲法治课。")
    doc.add_paragraph("四、2024年工作打算")
    doc.add_paragraph("一是深化依法治校；二是加强执法队伍建设。")
    path = tmp_path / "r.docx"
    doc.save(str(path))
    rep = analyse(str(path))
    got = [(h.text.strip(), h.canonical) for h in rep.headings]
    assert ("二、存在的不足和原因", "shortcomings") in got
    assert not any(t.startswith("三、检查情况") for t, _c in got)
    assert rep.missing == []


def test_data_sheet_org_completes_a_short_name_but_never_overrides_the_text(tmp_path):
    import pandas as pd

    from reportnlp.datasets import load_data
    from reportnlp.pipeline import analyse_source
    from reportnlp.read import Source

    p = tmp_path / "d.csv"
    pd.DataFrame([{"单位名称": "鹤岭县司法局", "年度": 2023, "指标": "法律援助案件", "数值": 186, "单位": "件"}]).to_csv(p, index=False)
    data = load_data(str(p))
    short = "县司法局2023年度法治政府建设情况报告\n2023年，县司法局统筹推进法治建设，办理法律援助案件186件。\n"
    rep = analyse_source(Source(path="r.txt", format="txt", text=short), data=data)
    ev = rep.meta.evidence["org"]
    assert rep.meta.org == "鹤岭县司法局" and ev.source == "data" and "简称“县司法局”" in ev.cues
    other = "梅川县教育局2023年度法治政府建设情况报告\n2023年，我局深入推进依法治教。\n"
    rep = analyse_source(Source(path="r.txt", format="txt", text=other), data=data)
    assert rep.meta.org == "梅川县教育局"


def test_five_year_review_without_a_year_range_is_dated_as_a_period():
    text = ("2023年区五年法治政府建设工作情况报告\n五年来，*区全面推进依法行政。现报告如下：\n"
            "一、统筹推进法治政府建设\n（一）全面加强党的领导。\n")
    m = ev.analyse_text(text).meta
    assert (m.doc_type, m.period, m.year, m.statutory_applicable) == ("多年度工作总结", (2019, 2023), 2023, False)
    # an annual report that merely says 十四五 in passing keeps its single year
    m = ev.analyse_text("禾丰县司法局2023年法治政府建设情况报告\n2023年，我局推进“十四五”规划实施，依法行政。\n").meta
    assert (m.doc_type, m.period, m.year) == ("法治政府建设年度报告", None, 2023)
