"""The guarantees of docs/GUARANTEES.md, one test (or a few) per failure of the fault audit (#16):
outputs never land on inputs, compare survives kills and concurrent runs, no live formulas in
summary.xlsx, bounded numbering and text, clear errors, data-sheet traps, .doc paths, HTML ids."""
import json
import os
import re
import signal
import subprocess
import sys
import time
import zipfile

import duckdb
import openpyxl
import pytest
from typer.testing import CliRunner

from conftest import reportnlp_cmd
from docxbuild import add_abstract_num, add_num, new_doc, numbered
from reportnlp.cli import app
from reportnlp.errors import ReportError

REPORT = ("{place}教育局2024年度法治政府建设情况报告\n一、2024年度推进法治政府建设的主要举措和成效\n"
          "全年开展行政检查{n}次，其中“双随机、一公开”抽查{a}次、专项检查{b}次。\n"
          "二、存在的不足和原因\n一是执法力量不足。\n三、2024年度党政主要负责人履行推进法治建设第一责任人职责情况\n"
          "局党组书记带头学法{m}次。\n四、2025年度推进法治政府建设的主要安排\n继续完善执法制度。\n")


def report_text(i: int, place: str | None = None) -> str:
    a, b = 5 + i % 7, 10 + i % 5
    return REPORT.format(place=place or f"青山{i}县", n=a + b, a=a, b=b, m=2 + i % 3)


def cli(*args):
    r = CliRunner().invoke(app, [str(a) for a in args])
    assert r.exception is None or isinstance(r.exception, SystemExit), r.exception
    return r


def run(*args, **kw):
    return subprocess.run(reportnlp_cmd() + [str(a) for a in args], capture_output=True, text=True,
                          timeout=kw.pop("timeout", 300), **kw)


def strict_json(line: str):
    def bad(c):
        raise ValueError(f"not JSON: {c}")
    return json.loads(line, parse_constant=bad)


# 1. outputs never overwrite inputs, links resolved; clashing names made distinct

def test_output_link_to_input_is_refused(tmp_path):
    real = tmp_path / "real"
    real.mkdir()
    y = real / "y.txt"
    y.write_text(report_text(1), encoding="utf-8")
    before = y.read_bytes()
    link = tmp_path / "link.html"
    link.symlink_to(y)
    r = cli("check", y, "--format", "html", "-o", link, "--force")
    assert r.exit_code == 2 and y.read_bytes() == before and "输入文件" in r.stderr
    hard = tmp_path / "hard.html"
    os.link(y, hard)
    r = cli("check", y, "--format", "html", "-o", hard, "--force")
    assert r.exit_code == 2 and y.read_bytes() == before


def test_annotate_through_linked_folder_is_refused(tmp_path):
    from test_outputs import build_report

    real = tmp_path / "real"
    real.mkdir()
    x = real / "x.docx"
    build_report(x)
    before = x.read_bytes()
    (tmp_path / "linkdir").symlink_to(real, target_is_directory=True)
    r = cli("check", x, "--annotate", tmp_path / "linkdir" / "x.docx", "--force")
    assert r.exit_code == 2 and x.read_bytes() == before
    r = cli("suggest", x, "--annotate", tmp_path / "linkdir" / "x.docx", "--force")
    assert r.exit_code == 2 and x.read_bytes() == before


def test_same_names_annotated_into_one_folder_stay_distinct(tmp_path):
    from test_outputs import build_report

    for sub in ("a", "b"):
        (tmp_path / sub).mkdir()
        build_report(tmp_path / sub / "r.docx")
    out = tmp_path / "out"
    out.mkdir()
    r = cli("check", tmp_path / "a" / "r.docx", tmp_path / "b" / "r.docx", "--annotate", out)
    assert r.exit_code in (0, 1), r.stderr
    assert sorted(os.listdir(out)) == ["r-2.reviewed.docx", "r.reviewed.docx"]


def test_draft_trace_never_lands_on_an_input(tmp_path):
    data = tmp_path / "d.trace.json"  # the data file has the name the trace file would get
    data.write_text(json.dumps([{"指标": "行政检查", "数值": 12, "计量单位": "次"}]), encoding="utf-8")
    before = data.read_bytes()
    r = cli("draft", "--data", data, "--org", "某县教育局", "--year", "2024", "-o", tmp_path / "d.docx", "--force")
    assert r.exit_code == 2 and data.read_bytes() == before


# 2. results.duckdb: one transaction per report, a killed run re-run gives the same rows; locks

def _rows(db):
    from reportnlp.compare.store import dump

    return dump(str(db))


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    d = tmp_path_factory.mktemp("batch")
    for i in range(14):
        (d / f"r{i:02d}.txt").write_text(report_text(i), encoding="utf-8")
    return d


def test_killed_compare_rerun_gives_the_rows_of_an_uninterrupted_run(batch, tmp_path):
    ref = tmp_path / "ref"
    t0 = time.monotonic()
    r = run("compare", batch, "-o", ref, "-j", "1")
    took = time.monotonic() - t0
    assert r.returncode == 0, r.stderr
    want = _rows(ref / "results.duckdb")
    assert len(want["reports"]) == 14 and want["claims"] and want["checks"]
    # kill real runs at different moments of their course (while checking, near the end while storing)
    for k, frac in enumerate((0.6, 0.93)):
        out = tmp_path / f"killed{k}"
        p = subprocess.Popen(reportnlp_cmd() + ["compare", str(batch), "-o", str(out), "-j", "1"],
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        try:
            p.wait(timeout=took * frac)
        except subprocess.TimeoutExpired:
            os.killpg(p.pid, signal.SIGKILL)
            p.wait()
        r = run("compare", batch, "-o", out, "-j", "1")
        assert r.returncode == 0, r.stderr
        assert _rows(out / "results.duckdb") == want


def test_a_report_is_stored_whole_or_not_at_all(tmp_path, batch):
    from reportnlp.compare import store
    from reportnlp.compare.work import work

    rec = work(str(batch / "r00.txt"))
    assert rec["findings"] or rec["claims"]
    broken = dict(rec, findings=[dict(f, line="第几行") for f in rec["findings"]] or [{"line": "x"}])
    con = store.connect(str(tmp_path / "results.duckdb"))
    with pytest.raises(Exception):
        store.store(con, broken)  # fails while inserting its last rows
    assert con.execute("SELECT count(*) FROM reports").fetchone()[0] == 0
    assert con.execute("SELECT count(*) FROM claims").fetchone()[0] == 0
    assert store.store(con, rec) is True  # the re-run stores it completely
    assert con.execute("SELECT count(*) FROM claims").fetchone()[0] == len(rec["claims"])
    con.close()


def test_reports_stored_as_they_arrive_are_stored_as_in_file_order(tmp_path, batch):
    """compare stores each report while the workers check the next ones; records arriving in any
    order give the rows of storing them one after the other (the first of two equal files wins)."""
    import shutil

    from reportnlp.compare import store
    from reportnlp.compare.work import work

    dup = tmp_path / "copy_of_r01.txt"
    shutil.copy(batch / "r01.txt", dup)
    files = [str(batch / "r01.txt"), str(batch / "r02.txt"), str(dup), str(tmp_path / "missing.txt")]
    recs = [work(f) for f in files]
    assert recs[3]["error"] and recs[0]["hash"] == recs[2]["hash"]
    seq = store.connect(str(tmp_path / "seq.duckdb"))
    assert sum(store.store(seq, r) for r in recs if not r["error"]) == 2
    seq.close()
    con = store.connect(str(tmp_path / "arrived.duckdb"))
    storing = store.InOrder(con, files)
    for r in (recs[2], recs[3], recs[1]):
        storing(r)
    assert con.execute("SELECT count(*) FROM reports").fetchone()[0] == 0  # r01 not there yet: nothing stored
    storing(recs[0])
    assert storing.finish(recs) == 2
    con.close()
    assert _rows(tmp_path / "arrived.duckdb") == _rows(tmp_path / "seq.duckdb")
    assert [r[0] for r in _rows(tmp_path / "arrived.duckdb")["reports"] if r[0] == recs[0]["hash"]]
    assert str(dup) not in {r[1] for r in _rows(tmp_path / "arrived.duckdb")["reports"]}


def test_reports_ready_together_are_stored_in_one_transaction(tmp_path, batch):
    """Group commit: the reports ready within the group time go in one transaction (one statement
    a table), with exactly the rows of storing them one by one; two files with the same content in
    one group store the first only."""
    import shutil

    from reportnlp.compare import store
    from reportnlp.compare.work import work

    dup = tmp_path / "copy_of_r01.txt"
    shutil.copy(batch / "r01.txt", dup)
    files = [str(batch / "r01.txt"), str(dup), str(batch / "r02.txt")]
    recs = [work(f) for f in files]
    seq = store.connect(str(tmp_path / "seq.duckdb"))
    assert [store.store(seq, r) for r in recs] == [True, False, True]
    seq.close()

    statements: list[str] = []

    class Counting:
        def __init__(self, con):
            self.con = con

        def execute(self, sql, *a):
            statements.append(sql.split()[0])
            return self.con.execute(sql, *a)

    real = store.connect(str(tmp_path / "grouped.duckdb"))
    storing = store.InOrder(Counting(real), files, group_seconds=3600)
    for r in recs:
        storing(r)
    assert real.execute("SELECT count(*) FROM reports").fetchone()[0] == 0  # still grouping
    statements.clear()
    assert storing.finish(recs) == 2
    assert statements.count("BEGIN") == 1 and statements.count("COMMIT") == 1
    real.close()
    rows = _rows(tmp_path / "grouped.duckdb")
    assert rows == _rows(tmp_path / "seq.duckdb")
    assert statements.count("INSERT") == sum(1 for t in store.TABLES if rows[t])  # one a table with rows


def test_concurrent_compare_is_refused_clearly(batch, tmp_path):
    from reportnlp.compare.run import lock_folder

    out = tmp_path / "out"
    out.mkdir()
    held = lock_folder(str(out))  # another compare is writing into this folder
    try:
        r = run("compare", batch, "-o", out, "-j", "1")
    finally:
        held.close()
    assert r.returncode == 2 and "Traceback" not in r.stderr and "另一个 compare" in r.stderr
    # another program holding results.duckdb: a clear message, not a traceback after the work
    con = duckdb.connect(str(out / "results.duckdb"))
    try:
        r = run("compare", batch, "-o", out, "-j", "1")
    finally:
        con.close()
    assert r.returncode == 2 and "Traceback" not in r.stderr and "正被另一个程序" in r.stderr


def test_compare_output_and_history_misuse(batch, tmp_path):
    f = tmp_path / "afile"
    f.write_text("x", encoding="utf-8")
    r = cli("compare", batch, "-o", f)
    assert r.exit_code == 2 and "文件夹" in r.stderr and f.read_text(encoding="utf-8") == "x"
    notdb = tmp_path / "notes.duckdb"
    notdb.write_text("not a database", encoding="utf-8")
    r = cli("compare", "--history", notdb)
    assert r.exit_code == 2 and "不是 DuckDB" in r.stderr
    foreign = tmp_path / "foreign.duckdb"
    con = duckdb.connect(str(foreign))
    con.execute("CREATE TABLE budget (item VARCHAR, amount DOUBLE)")
    con.close()
    r = cli("compare", "--history", foreign)
    assert r.exit_code == 2 and "不是 reportnlp 的结果库" in r.stderr
    con = duckdb.connect(str(foreign), read_only=True)
    assert [t[0] for t in con.execute("SHOW TABLES").fetchall()] == ["budget"]
    con.close()
    out = tmp_path / "out"
    out.mkdir()
    os.replace(foreign, out / "results.duckdb")  # compare into a folder holding someone else's database
    r = cli("compare", batch, "-o", out, "-j", "1")
    assert r.exit_code == 2 and "不是 reportnlp 的结果库" in r.stderr


# 3. summary.xlsx: text is never a live formula

def test_summary_xlsx_has_no_formulas(tmp_path):
    from reportnlp.compare.outputs import write_xlsx

    evil = ['=HYPERLINK("http://example.invalid","点击")', "=cmd|' /C calc'!A0", "+1+2", "-2+3", "@SUM(1)", "\t=1"]
    records = [{"file": f"r{i}.txt", "org": e, "year": 2024, "error": None, "metrics": {},
                "statutory_applicable": True, "missing": [], "findings": []} for i, e in enumerate(evil)]
    failed = [{"file": "=1+1", "error": "=2+2"}]
    pairs = [{"similarity": 0.9, "org_a": evil[0], "text_a": evil[1], "org_b": evil[2], "text_b": "=A1", "signals": ["=B2"]}]
    path = tmp_path / "summary.xlsx"
    write_xlsx(records + failed, failed, [], pairs, str(path))
    wb = openpyxl.load_workbook(path)
    seen = set()
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                assert c.data_type != "f", (ws.title, c.coordinate, c.value)
                seen.add(c.value)
    assert set(evil) <= seen and {"=1+1", "=2+2", "=A1", "=B2"} <= seen  # the text itself is kept


# 4. huge numbering starts are cheap; compare stops a file past its time or memory limit

@pytest.mark.parametrize("fmt,start", [("upperRoman", 10 ** 10), ("upperLetter", 10 ** 9), ("lowerLetter", 10 ** 30)])
def test_huge_numbering_start_is_bounded(tmp_path, fmt, start):
    from reportnlp.read import read_document

    d = new_doc()
    add_abstract_num(d, 7, [(fmt, "%1.", start)])
    add_num(d, 7, 7)
    d.add_paragraph("某县教育局2024年度法治政府建设情况报告")
    for _ in range(3):
        numbered(d.add_paragraph("推进依法行政，开展检查12次。"), 7, 0)
    p = tmp_path / "n.docx"
    d.save(p)
    src = read_document(str(p))
    assert max(len(x) for x in src.text.split("\n")) < 80


def test_compare_limits_one_file_and_goes_on(tmp_path):
    from limits_helpers import hang_or_work
    from reportnlp.compare.run import run_local

    files = []
    for name in ("ok1.txt", "hang.txt", "hog.txt", "ok2.txt"):
        (tmp_path / name).write_text(report_text(len(files)), encoding="utf-8")
        files.append(str(tmp_path / name))
    recs = run_local(files, 2, timeout=20, memory_mb=1536, fn=hang_or_work)
    assert [r["file"] for r in recs] == files
    assert recs[0]["error"] is None and recs[3]["error"] is None
    assert "超时" in recs[1]["error"]
    assert "内存" in recs[2]["error"]


# 5. clear errors: corrupt deflate, huge numbers, inf in data, dangling links

def _corrupt_deflate(src, dst, member="word/document.xml"):
    data = bytearray(open(src, "rb").read())
    with zipfile.ZipFile(src) as z:
        info = z.getinfo(member)
    off = info.header_offset
    name_len, extra_len = int.from_bytes(data[off + 26:off + 28], "little"), int.from_bytes(data[off + 28:off + 30], "little")
    body = off + 30 + name_len + extra_len
    data[body] = 0xFF  # block type 11: invalid deflate data
    open(dst, "wb").write(bytes(data))


def test_corrupt_deflate_stream_is_one_clear_error(tmp_path):
    d = new_doc()
    d.add_paragraph(report_text(3))
    good = tmp_path / "good.docx"
    d.save(good)
    bad = tmp_path / "bad.docx"
    _corrupt_deflate(good, bad)
    r = cli("check", "--format", "json", bad)
    assert r.exit_code == 2
    lines = [x for x in r.stderr.splitlines() if x.strip()]
    assert len(lines) == 1 and str(bad) in lines[0] and "损坏" in lines[0]
    assert strict_json(r.stdout.strip())["error"]


def test_huge_numbers_give_valid_json(tmp_path):
    p = tmp_path / "big.txt"
    big = "9" * 400
    p.write_text(report_text(1).replace("开展行政检查", f"开展行政检查{big}次，其中抽查{big}次、专项检查{big}次，合计"), encoding="utf-8")
    r = cli("check", "--format", "json", p)
    assert r.exit_code in (0, 1), r.stderr
    obj = strict_json(r.stdout.strip())
    assert "Infinity" not in r.stdout and "NaN" not in r.stdout and obj["claims"]


@pytest.mark.parametrize("bad", ["inf", "-Infinity", "1e400"])
def test_non_finite_data_names_the_sheet_row(tmp_path, bad):
    data = tmp_path / "stats.csv"
    data.write_text(f"指标,数值,计量单位\n行政检查,{bad},次\n", encoding="utf-8")
    p = tmp_path / "r.txt"
    p.write_text(report_text(2), encoding="utf-8")
    r = cli("check", p, "--data", data)
    assert r.exit_code == 2
    lines = [x for x in r.stderr.splitlines() if x.strip()]
    assert len(lines) == 1 and "stats.csv" in lines[0] and "第2行" in lines[0]


def test_dangling_link_is_a_clear_message(tmp_path):
    link = tmp_path / "gone.docx"
    link.symlink_to(tmp_path / "nowhere.docx")
    r = cli("check", link)
    assert r.exit_code == 2 and "指向的文件不存在" in r.stderr
    from reportnlp.compare.work import work

    assert "指向的文件不存在" in work(str(link))["error"]


# 6. data sheets: formula cells without a saved value are reported; merged org cells filled

def test_formula_without_cached_value_is_reported(tmp_path):
    from reportnlp.datasets import load_data

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["单位名称", "年度", "行政检查(次)", "行政许可(件)"])
    ws.append(["某县教育局", 2024, 40, 300])
    ws.append(["某县司法局", 2024, "=C2+5", 100])  # written by a program: no computed value saved
    p = tmp_path / "wide.xlsx"
    wb.save(p)
    with pytest.raises(ReportError) as ei:
        load_data(str(p))
    assert "C3" in ei.value.message and "公式" in ei.value.message


def test_merged_org_cell_is_filled(tmp_path):
    from reportnlp.datasets import load_data

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["单位名称", "年度", "行政检查(次)"])
    ws.append(["某县教育局", 2023, 40])
    ws.append([None, 2024, 55])
    ws.merge_cells("A2:A3")
    p = tmp_path / "merged.xlsx"
    wb.save(p)
    rows = load_data(str(p))
    assert {(r.org, r.year, r.value) for r in rows} == {("某县教育局", 2023, 40.0), ("某县教育局", 2024, 55.0)}


# 7. scale: refused with a clear message beyond the limits, bounded work within them

def test_oversized_texts_are_refused_clearly(tmp_path):
    cases = {
        "long.txt": report_text(1) * 2000,  # far more than 200 000 characters
        "oneline.txt": "某县教育局2024年度法治政府建设情况报告\n" + "推进依法行政工作" * 130_000 + "\n",
        "figures.txt": "某县教育局2024年度法治政府建设情况报告\n全年开展检查1000000次，其中"
                       + "，".join(f"{i % 90 + 1}次" for i in range(20_000)) + "。\n",
        "headings.txt": "".join(f"{i}. 推进第{i}项工作\n" for i in range(30_000)),
    }
    for name, text in cases.items():
        p = tmp_path / name
        p.write_text(text, encoding="utf-8")
        r = cli("check", "--format", "json", p)
        assert r.exit_code == 2, name
        lines = [x for x in r.stderr.splitlines() if x.strip()]
        assert len(lines) == 1 and name in lines[0] and "上限" in lines[0]


def test_long_lists_within_limits_are_checked(tmp_path):
    items = [f"{i % 9 + 1}次" for i in range(2500)]
    p = tmp_path / "list.txt"
    p.write_text(report_text(1).replace("其中", "其中" + "、".join(items) + "，另有"), encoding="utf-8")
    heads = tmp_path / "heads.txt"
    heads.write_text(report_text(2) + "".join(f"（{'一二三四五六七八九'[i % 9]}）推进某项工作\n" for i in range(9000)),
                     encoding="utf-8")
    for f in (p, heads):
        r = cli("check", "--format", "json", f)
        assert r.exit_code in (0, 1) and strict_json(r.stdout.strip())["claims"]


# 8. .doc input: the converted file outlives the annotator; one LibreOffice profile per conversion

@pytest.fixture
def converter(tmp_path, monkeypatch):
    """LibreOffice is not installed here: a stand-in `soffice` on PATH that writes the .docx a
    conversion would give (a prepared copy) and records its arguments. Where LibreOffice is
    installed, test_readers.py converts for real."""
    import fakesoffice
    from test_outputs import build_report

    made = tmp_path / "made.docx"
    build_report(made)
    log = fakesoffice.install(tmp_path, monkeypatch, made)
    doc = tmp_path / "old.doc"
    doc.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    return doc, log


def test_doc_annotate_and_suggest_annotate(converter, tmp_path):
    import docx

    doc, log = converter
    out = tmp_path / "old.reviewed.docx"
    r = cli("check", doc, "--annotate", out)
    assert r.exit_code in (0, 1), r.stderr
    assert docx.Document(out).comments and len(list(docx.Document(out).comments)) > 0
    out2 = tmp_path / "old.suggest.docx"
    r = cli("suggest", doc, "--annotate", out2)
    assert r.exit_code == 0, r.stderr
    assert os.path.getsize(out2) > 0
    profiles = [re.search(r"-env:UserInstallation=([^']+)", ln).group(1) for ln in log.read_text().splitlines()]
    assert len(profiles) == 2 and len(set(profiles)) == 2  # each conversion its own profile


# 9. HTML: distinct dashboard pages, every finding link has its target

def test_html_finding_links_point_at_existing_ids(tmp_path):
    from test_outputs import build_report

    a = tmp_path / "a.docx"
    build_report(a)
    b = tmp_path / "b.txt"
    b.write_text(report_text(5).replace("一是执法力量不足。", "一是执法力量不足。XX县____"), encoding="utf-8")
    out = tmp_path / "page.html"
    r = cli("check", a, b, "--format", "html", "-o", out)
    assert r.exit_code in (0, 1), r.stderr
    page = out.read_text(encoding="utf-8")
    ids = set(re.findall(r'\sid="([^"]+)"', page))
    links = re.findall(r'href="#([^"]+)"', page)
    assert len(links) >= 3 and all(x in ids for x in links), [x for x in links if x not in ids]


def test_dashboard_pages_with_same_org_year_name_are_distinct(tmp_path):
    for sub in ("a", "b"):
        (tmp_path / sub).mkdir()
        (tmp_path / sub / "r.txt").write_text(report_text(1).replace("执法力量不足", f"执法力量不足（{sub}卷）"), encoding="utf-8")
    out = tmp_path / "out"
    r = cli("compare", tmp_path / "a", tmp_path / "b", "-o", out, "-j", "1")
    assert r.exit_code == 0, r.stdout + r.stderr
    pages = sorted(os.listdir(out / "reports"))
    assert len(pages) == 2
    index = (out / "index.html").read_text(encoding="utf-8")
    assert all(f"reports/{p}" in index for p in pages)
    assert {("（a卷）" in (out / "reports" / p).read_text(encoding="utf-8")) for p in pages} == {True, False}


# 10. round three (#31): every file a command writes goes through the one guarded, atomic writer

DATA_ROWS = [{"单位名称": "某县教育局", "年度": 2024, "指标": "行政检查", "数值": 12, "计量单位": "次"}]


def _data_json(path):
    path.write_text(json.dumps(DATA_ROWS, ensure_ascii=False), encoding="utf-8")
    return path


def test_previous_report_is_an_input_of_check(tmp_path):
    from test_outputs import build_report

    x, prev = tmp_path / "x.docx", tmp_path / "prev.docx"
    build_report(x)
    build_report(prev)
    before = prev.read_bytes()
    r = cli("check", x, "--previous", prev, "--annotate", prev, "--force")
    assert r.exit_code == 2 and prev.read_bytes() == before and "输入文件" in r.stderr
    r = cli("check", x, "--previous", prev, "--format", "html", "-o", prev, "--force")
    assert r.exit_code == 2 and prev.read_bytes() == before


def test_compare_never_writes_per_capita_over_its_data(batch, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    data = out / "per_capita.csv"
    data.write_text("单位名称,年度,指标,数值,计量单位\n青山1县教育局,2024,学校数,40,所\n", encoding="utf-8")
    before = data.read_bytes()
    r = cli("compare", batch, "-o", out, "--data", data, "-j", "1")
    assert r.exit_code == 2 and data.read_bytes() == before and "输入文件" in r.stderr
    assert not (out / "results.duckdb").exists()  # refused before any work


def test_per_capita_csv_never_holds_a_formula(tmp_path):
    import csv

    from reportnlp.compare.outputs import write_per_capita

    evil = ['=HYPERLINK("http://example.invalid","点击")', "+1+1", "@SUM(1)", "-2+3", "\t=1"]
    per = [{"org": e, "year": 2024, "metric": e, "value": 3.0, "unit": "次", "source": "数据", "basis": "每所学校",
            "denominator": 2, "denominator_source": e, "per": 1.5} for e in evil]
    path = tmp_path / "per_capita.csv"
    write_per_capita(per, str(path), set())
    with open(path, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    cells = [c for row in rows[1:] for c in row]
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")]
    assert {"'" + e for e in evil} <= set(cells) and "1.5" in cells  # the text kept, numbers stay numbers


def test_draft_replaces_links_never_follows_them(tmp_path):
    data = _data_json(tmp_path / "d.json")
    victim, victim_trace = tmp_path / "keep.docx", tmp_path / "keep.json"
    victim.write_bytes(b"last year's draft")
    victim_trace.write_text("{}", encoding="utf-8")
    out = tmp_path / "draft.docx"
    out.symlink_to(victim)
    (tmp_path / "draft.trace.json").symlink_to(victim_trace)
    r = cli("draft", "--data", data, "--org", "某县教育局", "--year", "2024", "-o", out, "--force")
    assert r.exit_code == 0, r.stderr
    assert victim.read_bytes() == b"last year's draft" and victim_trace.read_text(encoding="utf-8") == "{}"
    assert not out.is_symlink() and zipfile.is_zipfile(out)
    assert not (tmp_path / "draft.trace.json").is_symlink()
    assert json.loads((tmp_path / "draft.trace.json").read_text(encoding="utf-8"))["org"] == "某县教育局"
    assert not [n for n in os.listdir(tmp_path) if n.startswith(".reportnlp-")]  # no temporary left


def test_draft_previous_is_never_a_target(tmp_path):
    from test_outputs import build_report

    data = _data_json(tmp_path / "d.json")
    prev = tmp_path / "prev.docx"
    build_report(prev)
    before = prev.read_bytes()
    r = cli("draft", "--data", data, "--org", "某县教育局", "--year", "2024", "--previous", prev, "-o", prev, "--force")
    assert r.exit_code == 2 and prev.read_bytes() == before


def _read_only_folder(tmp_path):
    """A folder no file can be created in: chmod 555, or (as root, where modes do not bind) sysfs."""
    if os.geteuid() != 0:
        ro = tmp_path / "ro"
        ro.mkdir()
        ro.chmod(0o555)
        return ro
    if sys.platform.startswith("linux") and os.path.isdir("/sys/kernel"):
        return "/sys"
    pytest.skip("no read-only folder available")


@pytest.mark.parametrize("command", ["check-o", "check-annotate", "draft", "suggest"])
def test_read_only_output_folder_is_one_line(tmp_path, command):
    from test_outputs import build_report

    x = tmp_path / "x.docx"
    build_report(x)
    ro = _read_only_folder(tmp_path)
    target = os.path.join(ro, "reportnlp-test-out.docx")
    args = {"check-o": ["check", x, "--format", "html", "-o", os.path.join(ro, "reportnlp-test.html")],
            "check-annotate": ["check", x, "--annotate", target],
            "draft": ["draft", "--data", _data_json(tmp_path / "d.json"), "--org", "某县教育局", "--year", "2024",
                      "-o", target],
            "suggest": ["suggest", x, "--annotate", target]}[command]
    r = run(*args)
    assert r.returncode == 2, r.stderr
    assert "Traceback" not in r.stderr and "只读或没有写入权限" in r.stderr
    assert not os.path.exists(target)
