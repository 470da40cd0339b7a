"""Cross-checking the report's figures against the bureau's data (`--data`)."""
import json
import sqlite3
import subprocess

import pandas as pd
import pytest

from conftest import reportnlp_cmd
from reportnlp.config import Config
from reportnlp.datasets import load_data
from reportnlp.errors import ReportError
from reportnlp.pipeline import analyse, analyse_source
from reportnlp.read import Source

REPORT = """某县教育局2024年度法治政府建设情况报告
一、2024年度推进法治政府建设的主要举措和成效
全年共开展行政检查86次，其中“双随机、一公开”抽查12次、专项检查38次、日常巡查36次。
全局现有持证行政执法人员32人。发放资助资金1134.65万元，资助学生12837人次。
组织法治讲座40余场次，全县63所中小学全部配备法治副校长，共聘任67人。
"""
ROWS = [("行政检查", 86, "次"), ("双随机抽查", 12, "次"), ("持证执法人员", 32, "人"), ("资助资金", 11346500, "元"),
        ("资助学生", 12837, "人次"), ("法治讲座", 45, "场次"), ("学校数", 63, "所"), ("法治副校长", 67, "人")]


def write_long(path, rows, org="某县教育局", year=2024):
    pd.DataFrame([{"单位名称": org, "年度": year, "指标": m, "数值": v, "单位": u} for m, v, u in rows]).to_csv(path, index=False)


def findings(report_text, data_path, code=None, **kw):
    rep = analyse_source(Source(path="r.txt", format="txt", text=report_text), config=Config(**kw),
                         data=load_data(str(data_path)))
    return [f for f in rep.findings if code is None or f.code == code], rep


def test_consistent_data_no_findings(tmp_path):
    p = tmp_path / "d.csv"
    write_long(p, ROWS)
    fs, _ = findings(REPORT, p)
    assert [f for f in fs if f.code.startswith("RN40")] == []


@pytest.mark.parametrize("change,expect_text", [
    (("行政检查", 90, "次"), "86次"),  # a changed value
    (("资助资金", 1134.65, "元"), "1134.65万元"),  # data in 元, report in 万元: not the same money
    (("法治讲座", 52, "场次"), "40余场次"),  # 40余 holds for 40–50 only
    (("持证执法人员", 31, "人"), "32人"),
])
def test_each_planted_mismatch_found_once(tmp_path, change, expect_text):
    rows = [change if r[0] == change[0] else r for r in ROWS]
    p = tmp_path / "d.csv"
    write_long(p, rows)
    fs, rep = findings(REPORT, p)
    mism = [f for f in fs if f.code == "RN401"]
    assert len(mism) == 1 and [f for f in fs if f.code.startswith("RN40") and f.code != "RN401"] == []
    assert rep.span(mism[0].nstart, mism[0].nend)["text"] == expect_text
    assert str(change[1]).rstrip("0").rstrip(".") in mism[0].message


def test_unreported_and_org_year_filter(tmp_path):
    p = tmp_path / "d.csv"
    df = pd.DataFrame([
        {"单位名称": "某县教育局", "年度": 2024, "指标": "行政检查", "数值": 86, "单位": "次"},
        {"单位名称": "某县教育局", "年度": 2024, "指标": "行政复议", "数值": 2, "单位": "件"},
        {"单位名称": "某县教育局", "年度": 2023, "指标": "行政检查", "数值": 70, "单位": "次"},
        {"单位名称": "另一县教育局", "年度": 2024, "指标": "行政检查", "数值": 10, "单位": "次"},
    ])
    df.to_csv(p, index=False)
    fs, _ = findings(REPORT, p)
    assert [f.code for f in fs if f.code.startswith("RN40")] == ["RN402"]


def test_wide_form_xlsx_and_duckdb_sqlite(tmp_path):
    wide = pd.DataFrame([{"单位名称": "某县教育局", "年度": 2024, "行政检查(次)": 86, "持证执法人员(人)": 30}])
    x = tmp_path / "w.xlsx"
    wide.to_excel(x, index=False)
    fs, _ = findings(REPORT, x, "RN401")
    assert len(fs) == 1 and "30" in fs[0].message
    long = pd.DataFrame([{"metric": "inspections", "value": 86, "unit": "次"}, {"metric": "enforcement_staff", "value": 33, "unit": "人"}])
    db = tmp_path / "s.sqlite"
    with sqlite3.connect(db) as con:
        long.to_sql("执法统计", con, index=False)
    rows = load_data(str(db), table="执法统计")
    assert {r.metric for r in rows} == {"inspections", "enforcement_staff"}
    import duckdb

    ddb = tmp_path / "s.duckdb"
    con = duckdb.connect(str(ddb))
    con.execute("CREATE TABLE 执法统计 AS SELECT * FROM long")
    con.close()
    assert len(load_data(str(ddb), table="执法统计")) == 2
    j = tmp_path / "s.json"
    j.write_text(json.dumps({"行政检查": 86, "法治副校长": 67}, ensure_ascii=False), encoding="utf-8")
    assert len(load_data(str(j))) == 2


def test_unknown_labels_and_text_cells_never_refuse_the_file(tmp_path):
    p = tmp_path / "d.csv"
    p.write_text("指标,数值,单位\n行政检查,86,次\n食堂满意度测评,3,次\n适龄儿童延缓入学审批,八十六,件\n"
                 "民办学校设立、变更审批,待统计,件\n,5,次\n", encoding="utf-8")
    rows = load_data(str(p))
    assert [(r.label, r.metric, r.value) for r in rows] == [
        ("行政检查", "inspections", 86), ("食堂满意度测评", None, 3), ("适龄儿童延缓入学审批", None, 86)]
    assert len(rows.notes) == 2 and "待统计" in rows.notes[0] and "第6行" in rows.notes[1]


@pytest.mark.parametrize("content,msg", [
    ("指标,单位\n行政检查,次\n", "数值"),
    ("指标,数值,单位\n行政检查,待统计,次\n", "不是数字"),
])
def test_bad_data_clear_errors(tmp_path, content, msg):
    p = tmp_path / "bad.csv"
    p.write_text(content, encoding="utf-8")
    with pytest.raises(ReportError) as ei:
        load_data(str(p))
    assert msg in ei.value.message


def test_empty_sheet(tmp_path):
    x = tmp_path / "e.xlsx"
    pd.DataFrame().to_excel(x, index=False)
    with pytest.raises(ReportError) as ei:
        load_data(str(x))
    assert "空" in ei.value.message
    r = subprocess.run(reportnlp_cmd() + ["check", "x.txt", "--data", str(x)], capture_output=True, text=True)
    assert r.returncode == 2 and "Traceback" not in r.stderr and "空" in r.stderr


def _own_figures(rep):
    """A data file written from the report's own figures (one row per tagged claim)."""
    seen, rows = set(), []
    for c in rep.claims:
        if c.metric and c.metric not in seen and c.unit not in (None, "%") and rep.part_at(c.nstart) != "next_year":
            seen.add(c.metric)
            rows.append({"指标": c.metric, "数值": c.value, "单位": c.unit})
    return rows


@pytest.mark.parametrize("doc", ["f001", "f002"])
def test_devset_reports_against_own_figures(tmp_path, shared_dir, doc):
    path = shared_dir / "devset" / "docs" / f"{doc}.txt"
    rep = analyse(str(path))
    rows = _own_figures(rep)
    assert len(rows) >= 4
    p = tmp_path / "own.csv"
    pd.DataFrame(rows).to_csv(p, index=False)
    rep2 = analyse(str(path), data=load_data(str(p)))
    assert [f for f in rep2.findings if f.code == "RN401"] == []
    rows[0]["数值"] = rows[0]["数值"] + 7
    pd.DataFrame(rows).to_csv(p, index=False)
    rep3 = analyse(str(path), data=load_data(str(p)))
    assert len([f for f in rep3.findings if f.code == "RN401"]) == 1


def test_catalogue_names_unique():
    from reportnlp.extract.metrics import catalogue

    seen = {}
    for m in catalogue():
        for n in [m["label"], *m["names"]]:
            assert seen.setdefault(str(n), m["id"]) == m["id"], f"{n} names two metrics"


def test_title_row_and_year_columns(tmp_path):
    x = tmp_path / "t.xlsx"
    body = [["2024—2025年度依法行政统计表", None, None, None], ["指标", "单位", "2024年", "2025年"],
            ["行政检查", "次", 86, 90], ["民办学校设立、变更审批", "件", 3, 4]]
    pd.DataFrame(body[1:], columns=body[0]).to_excel(x, index=False)
    rows = load_data(str(x))
    got = sorted((r.label, r.year, r.value, r.pos) for r in rows)
    assert got == [("民办学校设立、变更审批", 2024, 3, "第4行"), ("民办学校设立、变更审批", 2025, 4, "第4行"),
                   ("行政检查", 2024, 86, "第3行"), ("行政检查", 2025, 90, "第3行")]
    fs, _ = findings(REPORT, x, "RN401")
    assert fs == []  # the 2024 report is checked against the 2024 column


def test_report_without_org_in_title_uses_the_org_it_names(tmp_path):
    p = tmp_path / "d.csv"
    pd.DataFrame([{"单位名称": o, "年度": 2024, "指标": "行政检查", "数值": v, "单位": "次"}
                  for o, v in (("某县教育局", 86), ("另一县教育局", 10))]).to_csv(p, index=False)
    text = "2024年度法治政府建设情况报告\n某县教育局\n一、2024年度推进法治政府建设的主要举措和成效\n某县教育局全年共开展行政检查86次。\n"
    fs, rep = findings(text, p)
    assert [f.code for f in fs if f.code.startswith("RN40")] == []


def _own_words(rep):
    """Rows labelled with the report's own words before each figure (as a bureau's sheet would)."""
    import re

    text, rows, seen = rep.norm.text, [], set()
    for c in rep.claims:
        if c.unit in (None, "%") or c.in_table or c.approx or rep.part_at(c.nstart) == "next_year":
            continue
        before = re.split(r"[，。；、：:,;（）()\n]", text[max(0, c.nstart - 14):c.nstart])[-1]
        label = re.sub(r"^(全年|共|累计|开展|组织|办理|受理|完成|发放|召开|举办|其中|全县|我局)+", "", before)
        label = re.sub(r"(共|累计|达|为|约)+$", "", label)
        if len(label) >= 3 and label not in seen and not re.search(r"\d", label):
            seen.add(label)
            rows.append((label, c.value, c.unit, c))
    return rows


@pytest.mark.parametrize("doc", ["f001", "f002", "r024"])
def test_devset_reports_against_data_in_their_own_words(tmp_path, shared_dir, doc):
    path = shared_dir / "devset" / "docs" / f"{doc}.txt"
    rows = _own_words(analyse(str(path)))
    assert len(rows) >= 4
    p = tmp_path / "own.csv"
    pd.DataFrame([{"指标": m, "数值": v, "单位": u} for m, v, u, _c in rows]).to_csv(p, index=False)
    rep = analyse(str(path), data=load_data(str(p)))
    assert [f.message for f in rep.findings if f.code in ("RN401", "RN402", "RN403")] == []
    for k in (0, len(rows) // 2, len(rows) - 1):
        planted = [(m, v + 7 if i == k else v, u) for i, (m, v, u, _c) in enumerate(rows)]
        pd.DataFrame([{"指标": m, "数值": v, "单位": u} for m, v, u in planted]).to_csv(p, index=False)
        rep = analyse(str(path), data=load_data(str(p)))
        found = [f for f in rep.findings if f.code in ("RN401", "RN403")]
        assert [f.code for f in found] == ["RN401"], [f.message for f in found]
        assert rep.span(found[0].nstart, found[0].nend)["text"] == rep.span(rows[k][3].nstart, rows[k][3].nend)["text"]


def test_headers_in_the_office_own_words(tmp_path):
    p = tmp_path / "d.csv"
    p.write_text("填报单位,年份,指标名称（本单位）,2024年数值,计量单位,备注\n某县教育局,2024,行政检查,86,次,\n"
                 "某县教育局,2024,宪法晨读活动,40,场,含线上\n", encoding="utf-8")
    rows = load_data(str(p))
    assert [(r.label, r.value, r.unit, r.org, r.year) for r in rows] == [
        ("行政检查", 86, "次", "某县教育局", 2024), ("宪法晨读活动", 40, "场", "某县教育局", 2024)]
