"""Batch comparison, functional: a generated corpus of 20 varied reports (scale runs over hundreds
of reports live in bench/bench_compare.py), copy detection against today's scikit-learn pairs,
template language left out of the copy pairs, and what the compare path imports."""
import os
import random
import subprocess

import duckdb
import pandas as pd
import pytest

from conftest import ROOT, reportnlp_cmd
from reportnlp.datasets import DataRow
from reportnlp.draft.compose import compose
from reportnlp.draft.docxwriter import write_docx

N = 20
COUNTIES = [f"{a}{b}" for a in "青绿白红金银东西南北" for b in "山水河湖林石川原"]
PLANTED = "针对民办幼儿园收费不规范问题，我县联合市场监管部门开展专项整治，约谈园长十余人，退还多收费用并建立收费公示长效机制，群众满意度明显提升。"


def rows_for(org, year, rnd, scale=1.0):
    def r(metric, label, value, unit):
        return DataRow(metric, label, value, unit, org, year, "gen")
    return [r("inspections", "行政检查", round(rnd.randint(40, 120) * scale), "次"),
            r("inspections_random", "双随机抽查", rnd.randint(5, 30), "次"),
            r("enforcement_staff", "持证执法人员", rnd.randint(10, 40), "人"),
            r("licensing", "行政许可", rnd.randint(300, 1200), "件"),
            r("aid_money", "资助资金", rnd.randint(2_000_000, 12_000_000), "元"),
            r("legal_vice_principals", "法治副校长", rnd.randint(20, 90), "人"),
            r("schools", "学校数", rnd.randint(20, 80), "所"),
            r("leader_meetings", "专题研究法治工作次数", rnd.randint(2, 8), "次")]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    d = tmp_path_factory.mktemp("corpus")
    rnd = random.Random(7)
    expect = {"missing_fr": 0, "files": 0}
    orgs = []
    for i in range(N):
        place = COUNTIES[i % len(COUNTIES)] + ("区" if i % 3 == 0 else "县") + ("" if i < len(COUNTIES) else str(i // len(COUNTIES)))
        org = f"{place}教育局"
        scale = 100.0 if i == 17 else 1.0  # the planted outlier
        text = compose(rows_for(org, 2024, rnd, scale), org, 2024, signed="2025年1月20日").text()
        if i % 5 == 0:  # some reports lack the first-responsible part
            a = text.index("三、2024年度党政主要负责人")
            b = text.index("四、2025年")
            text = text[:a] + text[b:]
            expect["missing_fr"] += 1
        if i in (3, 12):  # the planted copy-paste pair: 12 (a 区) copies 3's paragraph, 我县 and all
            text = text.replace("二、2024年度推进", PLANTED + "\n二、2024年度推进")
        # vary the wording so that not every paragraph is template language
        text = text.replace("扎实推进依法行政", rnd.choice(["扎实推进依法行政", "全面推进依法行政", "深入推进依法行政"]))
        path = d / (f"r{i:03d}.txt" if i % 4 else f"r{i:03d}.docx")
        if path.suffix == ".txt":
            path.write_text(text, encoding="utf-8" if i % 8 else "gb18030")
        else:
            from reportnlp.draft.compose import Draft, Para

            dr = Draft(org=org, year=2024, paras=[Para(t, "h1" if t[:2] in ("一、", "二、", "三、", "四、", "五、") else "body")
                                                   for t in text.strip().split("\n")])
            dr.paras[0].kind = "title"
            write_docx(dr, str(path))
        orgs.append(org)
        expect["files"] += 1
    expect["orgs"] = orgs
    (d / "corrupt.docx").write_bytes(b"PK\x03\x04broken")
    (d / "empty.txt").write_bytes(b"")
    (d / "binary.txt").write_bytes(bytes(range(256)) * 8)
    expect["unreadable"] = 3
    expect["outlier_org"] = orgs[17]
    expect["pair"] = {orgs[3], orgs[12]}
    return d, expect


def run(*args):
    return subprocess.run(reportnlp_cmd() + list(args), capture_output=True, text=True, timeout=900)


def test_compare_outputs(corpus, tmp_path):
    d, expect = corpus
    out = tmp_path / "out"
    r = run("compare", str(d), "-o", str(out), "--jobs", "2")
    assert r.returncode == 2, r.stderr  # unreadable files make the exit code say so
    assert f"成功 {expect['files']}，未能读取 {expect['unreadable']}" in r.stdout
    xl = pd.read_excel(out / "summary.xlsx", sheet_name=None)
    assert len(xl["指标"]) == expect["files"] and len(xl["未读文件"]) == expect["unreadable"]
    assert (xl["法定部分"]["第一责任人履职情况"] == "缺").sum() == expect["missing_fr"]
    assert (xl["法定部分"]["存在的不足和原因"] == "缺").sum() == 0
    outl = xl["异常值"]
    assert list(outl[outl["指标"] == "行政检查次数"]["单位"]) == [expect["outlier_org"]]
    pairs = xl["疑似复制"]
    assert len(pairs) == 1 and {pairs.iloc[0]["单位A"], pairs.iloc[0]["单位B"]} == expect["pair"]
    assert "写“我县”" in pairs.iloc[0]["迹象"]
    page = (out / "index.html").read_text(encoding="utf-8")
    assert expect["outlier_org"] in page and page.count("href='reports/") == expect["files"]
    assert len(list((out / "reports").glob("*.html"))) == expect["files"]
    con = duckdb.connect(str(out / "results.duckdb"), read_only=True)
    assert con.execute("select count(*) from reports").fetchone()[0] == expect["files"]
    assert con.execute("select count(distinct report_id) from findings where code='RN101'").fetchone()[0] == expect["missing_fr"]
    con.close()
    # a second run over the same files stores nothing new
    r = run("compare", str(d), "-o", str(out), "--jobs", "2")
    assert "新入库 0 份" in r.stdout


def test_per_capita_outliers(corpus, tmp_path):
    d, expect = corpus
    data = tmp_path / "counties.csv"
    pd.DataFrame([{"单位名称": o, "年度": 2024, "指标": "学校数", "数值": 40 + (i % 7), "单位": "所"}
                  for i, o in enumerate(expect["orgs"])]).to_csv(data, index=False)
    out = tmp_path / "out"
    run("compare", str(d), "-o", str(out), "--jobs", "2", "--data", str(data))
    outl = pd.read_excel(out / "summary.xlsx", sheet_name="异常值")
    per_school = outl[(outl["口径"] == "每所学校") & (outl["指标"] == "行政检查次数")]
    assert list(per_school["单位"]) == [expect["outlier_org"]]


def test_history_and_notebook(tmp_path):
    d = tmp_path / "years"
    d.mkdir()
    for year, scale in ((2023, 1.0), (2024, 1.5)):
        for k in range(3):
            org = f"{COUNTIES[k]}县教育局"
            rows = rows_for(org, year, random.Random(k), scale)
            (d / f"{k}_{year}.txt").write_text(compose(rows, org, year).text(), encoding="utf-8")
    out = tmp_path / "out"
    r = run("compare", str(d), "-o", str(out), "--jobs", "1")
    assert r.returncode == 0, r.stderr
    r = run("compare", "--history", str(out / "results.duckdb"))
    import re

    assert r.returncode == 0 and "2024" in r.stdout
    grown = re.findall(r"行政检查次数.*2024.*\+(\d+\.\d)%", r.stdout)
    assert len(grown) == 3 and all(45 <= float(g) <= 55 for g in grown), grown  # inspections grew by half
    assert "持证执法人员" in r.stdout and "+0.0%" in r.stdout
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.read(ROOT / "notebooks" / "compare.ipynb", as_version=4)
    os.environ["REPORTNLP_RESULTS"] = str(out / "results.duckdb")
    os.environ["REPORTNLP_CHART"] = str(tmp_path / "chart.png")
    try:
        NotebookClient(nb, timeout=300, kernel_name="python3").execute()
    finally:
        del os.environ["REPORTNLP_RESULTS"], os.environ["REPORTNLP_CHART"]
    printed = "".join(o.get("text", "") for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", []))
    assert "6 reports" in printed
    # the chart's Chinese labels are drawn with a CJK font (CI installs fonts-wqy-microhei), no missing glyphs
    assert "图表字体： WenQuanYi Micro Hei" in printed or "图表字体： Noto Sans CJK SC" in printed, printed
    assert "missing from" not in printed and "Glyph" not in printed
    assert (tmp_path / "chart.png").stat().st_size > 1000


def test_dask_local_cluster(corpus):
    pytest.importorskip("dask.distributed")
    from dask.distributed import Client, LocalCluster

    from reportnlp.compare.run import collect, run_dask, run_local

    d, expect = corpus
    files = [f for f in collect([str(d)]) if os.path.basename(f).startswith("r")][:12] + [str(d / "corrupt.docx")]
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
            Client(cluster) as client:
        res = run_dask(files, None, client=client)
    local = run_local(files, 1)
    assert [r.get("org") for r in res] == [r.get("org") for r in local]
    assert [r.get("missing") for r in res] == [r.get("missing") for r in local]
    assert res[-1]["error"] and not res[0]["error"]


# copy detection: today's pairs without scikit-learn; template language is no copying

def _paragraph_texts():
    """Fixed paragraphs: drafted reports of 12 bureaus with varied figures and wording, a few
    paragraphs copied between two of them with small edits, one shared by four."""
    rnd = random.Random(3)
    texts, owner = [], []
    for k in range(12):
        org = f"{COUNTIES[k]}县教育局"
        text = compose(rows_for(org, 2024, rnd), org, 2024).text()
        for line in text.split("\n"):
            line = line.replace("扎实推进依法行政", rnd.choice(["扎实推进依法行政", "全面推进依法行政", "深入推进"]))
            if len(line) >= 30:
                texts.append(line)
                owner.append(org)
        if k in (2, 7):
            texts.append(PLANTED.replace("十余人", "十余人" if k == 2 else "12人"))
            owner.append(org)
        if k in (1, 4, 5, 9):
            texts.append("我局坚持把校园安全作为头等大事，组织开展校园周边环境综合治理，排查整治隐患问题，确保师生安全。")
            owner.append(org)
    return texts, owner


def test_copy_similarities_are_scikit_learns():
    from sklearn.feature_extraction.text import TfidfVectorizer

    from reportnlp.compare.analysis import similar_pairs

    texts, owner = _paragraph_texts()
    import re as _re

    import numpy as np

    X = TfidfVectorizer(analyzer="char", ngram_range=(2, 4), min_df=1, sublinear_tf=True).fit_transform(
        [_re.sub(r"\d+(?:\.\d+)?", "0", t) for t in texts])
    S = (X @ X.T).toarray()
    want = {(i, j): S[i, j] for i in range(len(texts)) for j in range(i + 1, len(texts))
            if S[i, j] >= 0.8 and owner[i] != owner[j]}
    got = {(i, j): s for s, i, j in similar_pairs(texts, owner, 0.8)}
    assert len(want) > 50  # the drafted paragraphs are near-duplicates across bureaus
    assert set(got) == set(want)
    assert np.allclose([got[k] for k in want], [want[k] for k in want], rtol=0, atol=1e-9)


def _record(org, paras, year=2024):
    from reportnlp.compare.work import place_of

    return {"file": f"{org}.txt", "org": org, "place": place_of(org), "year": year,
            "paragraphs": [{"line": i + 1, "text": t} for i, t in enumerate(paras)]}


def test_paragraphs_shared_by_three_bureaus_are_no_copy():
    two = "针对民办幼儿园收费不规范问题，联合市场监管部门开展专项整治，约谈园长十余人，退还多收费用并建立收费公示长效机制。"
    three = "围绕学生体质健康监测，组织专业机构对全部中小学开展抽测，建立一校一档，对不达标学校下发整改意见并跟踪复查。"
    from reportnlp.compare.analysis import copy_pairs

    recs = [_record("青山县教育局", [two, three]), _record("绿水县教育局", [two + "成效明显。", three]),
            _record("白河县教育局", ["全年没有类似情况发生，各项工作平稳有序推进，群众满意度持续提升，未发生重大问题。", three])]
    pairs = copy_pairs(recs)
    assert [(p["org_a"], p["org_b"]) for p in pairs] == [("青山县教育局", "绿水县教育局")]
    assert pairs[0]["text_a"].startswith("针对民办幼儿园")
    # two bureaus alone sharing the other paragraph: a pair again
    assert len(copy_pairs(recs[:2])) == 2


def test_the_tools_own_draft_wording_is_no_copy(tmp_path):
    """Two bureaus that both drafted with reportnlp share its wording: no pair; a paragraph one
    of them copied from the other is still found, also when it was added to a drafted paragraph."""
    from reportnlp.compare.analysis import copy_pairs
    from reportnlp.compare.work import work

    def records(where):
        recs = []
        for k, org in enumerate(("青山县教育局", "绿水区教育局")):
            text = compose(rows_for(org, 2024, random.Random(k)), org, 2024).text()
            text = where(text)
            path = tmp_path / f"{k}.txt"
            path.write_text(text, encoding="utf-8")
            recs.append(work(str(path)))
        return recs

    drafted = records(lambda t: t)
    # the draft's fixed paragraphs are template wording (sentences built from the sheet's own labels are not)
    assert len([p for p in drafted[0]["paragraphs"] if not p["own"]]) >= 4
    assert copy_pairs(drafted) == []
    recs = records(lambda t: t.replace("二、2024年度推进", PLANTED + "\n二、2024年度推进"))
    pairs = copy_pairs(recs)
    assert len(pairs) == 1 and pairs[0]["text_a"] == PLANTED, pairs
    recs = records(lambda t: t.replace("均在法定时限内办结。", "均在法定时限内办结。" + PLANTED))
    pairs = copy_pairs(recs)
    assert len(pairs) == 1 and pairs[0]["text_a"].endswith(PLANTED) and pairs[0]["text_a"] != PLANTED, pairs


def test_compare_path_does_not_import_scikit_learn_or_pandas(tmp_path):
    """Neither scikit-learn (copy detection) nor pandas (summary.xlsx is written with openpyxl):
    importing pandas cost a batch more than writing its sheets."""
    import sys

    d = tmp_path / "in"
    d.mkdir()
    for k in range(3):
        org = f"{COUNTIES[k]}县教育局"
        (d / f"{k}.txt").write_text(compose(rows_for(org, 2024, random.Random(k)), org, 2024).text() + PLANTED,
                                    encoding="utf-8")
    probe = ("import sys\nimport reportnlp\nif __name__ == '__main__':\n"
             f"    res = reportnlp.compare([{str(d)!r}], output={str(tmp_path / 'out')!r}, jobs=1)\n"
             "    print(len(res.ok), len(res.pairs), ' '.join(sorted({m.split('.')[0] for m in sys.modules})))\n")
    (tmp_path / "probe.py").write_text(probe, encoding="utf-8")
    r = subprocess.run([sys.executable, str(tmp_path / "probe.py")], capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    n_ok, _n_pairs, *mods = r.stdout.split()
    assert n_ok == "3" and "numpy" in mods  # the probe sees what the compare loaded
    assert "sklearn" not in mods and "pandas" not in mods, mods


def test_workers_are_long_lived_warm_and_replaced_after_a_limit(tmp_path):
    """The files of a batch are tasks on `jobs` workers that start with their resources loaded;
    a file past its time limit costs its worker (replaced), not the batch."""
    from limits_helpers import pid_and_work

    from reportnlp.compare.run import run_local

    files = []
    for k in range(8):
        org = f"{COUNTIES[k]}县教育局"
        p = tmp_path / (f"hang{k}.txt" if k == 3 else f"{k}.txt")
        p.write_text(compose(rows_for(org, 2024, random.Random(k)), org, 2024).text(), encoding="utf-8")
        files.append(str(p))
    recs = run_local(files, 2, timeout=5, fn=pid_and_work)
    assert [r["file"] for r in recs] == files
    assert "超时" in recs[3]["error"]
    ok = [r for r in recs if not r.get("error")]
    assert len(ok) == 7 and all(r["warm"] for r in ok)
    assert len({r["pid"] for r in ok}) <= 3  # two workers, one of them replaced after the hang


def test_metric_unit_with_a_figure_without_unit():
    """A metric one report gives without a unit and another with one (the devset has such a pair)
    is shown in the unit, not a crash of summary.xlsx while sorting None against a unit."""
    from reportnlp.compare.outputs import metric_unit

    recs = [{"metrics": {"m": {"unit": None}}}, {"metrics": {"m": {"unit": "次"}}}]
    assert metric_unit(recs, "m") == "次"
    assert metric_unit(recs[:1], "m") is None


@pytest.mark.parametrize("rows", [
    [{"a": 1, "b": "x", "c": True}, {"a": None, "c": None, "d": 2.5}, {"b": None, "d": 3}],
    [{"a": 1, "b": 2}, {"a": 3, "b": float("nan")}, {"a": float("inf"), "b": -float("inf")}],
    [{"a": 1, "b": True}, {"a": "=1+1", "b": False}],
    [{"a": None}, {"a": None}],
])
def test_summary_sheets_hold_the_cells_pandas_wrote(tmp_path, rows):
    """summary.xlsx is written with openpyxl alone; each sheet has the cells (values and their
    types: a column of numbers with a gap or a float is all floats) of pandas' to_excel."""
    import openpyxl
    import pandas as pd

    from reportnlp.compare.outputs import _sheet_rows

    pd.DataFrame(rows).to_excel(tmp_path / "pandas.xlsx", sheet_name="s", index=False)
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("s")
    for row in _sheet_rows(rows, None):
        ws.append(list(row))
    wb.save(tmp_path / "ours.xlsx")

    def cells(p):
        ws = openpyxl.load_workbook(p).worksheets[0]
        return [[(c.value, type(c.value).__name__, c.data_type) for c in r] for r in ws.iter_rows()]

    assert cells(tmp_path / "ours.xlsx") == cells(tmp_path / "pandas.xlsx")


def test_the_warm_up_docx_reads_back_as_its_lines(tmp_path):
    """The worker server warms the .docx path with a package written without python-docx: it must
    read back as exactly its lines, markup characters included."""
    from reportnlp.read import read_document
    from reportnlp.read.docx import plain_docx

    lines = ["青山县教育局2024年度法治政府建设情况报告", "一、主要举措 & <依法行政>", "“双随机、一公开”抽查12次"]
    path = tmp_path / "warm.docx"
    path.write_bytes(plain_docx(lines))
    assert read_document(str(path)).text == "\n".join(lines) + "\n"


def test_report_pages_are_written_as_the_batch_goes_and_named_in_file_order(tmp_path):
    """Each report's page is written when its record is stored (not at the end), and two files
    of one name from two folders get the same page names whatever order their records arrive in."""
    import importlib

    from reportnlp.compare.outputs import ReportPages

    store = importlib.import_module("reportnlp.compare.store")
    work = importlib.import_module("reportnlp.compare.work")
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    text = work.warm_text(2024)
    files = []
    for d in ("a", "b"):
        f = tmp_path / d / "r.txt"
        f.write_text(text + ("" if d == "a" else "另附说明一份。\n"), encoding="utf-8")
        files.append(str(f))
    recs = [work.work(f) for f in files]
    out = tmp_path / "out"
    con = store.connect(str(tmp_path / "r.duckdb"))
    pages = ReportPages(str(out))
    storing = store.InOrder(con, files, group_seconds=3600, also=pages)
    storing(recs[1])  # the second file arrives first: nothing yet (the first is not there)
    assert not list((out / "reports").iterdir())
    storing(recs[0])
    names = sorted(p.name for p in (out / "reports").iterdir())
    assert len(names) == 2 and pages.links[files[0]].endswith("r.txt.html") and pages.links[files[1]].endswith("-2.html")
    assert storing.finish(recs) == 2
    con.close()
