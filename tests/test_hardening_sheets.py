"""Issue 31: every CSV and XLSX any command writes goes through the one formula guard of
outpath.py (`safe_cell_text` for CSV, `text_cell` for XLSX): a text that would start a formula
(=HYPERLINK(…), +1+1, -2+3, @SUM, a leading tab or CR) is stored as text, never evaluated."""
import csv
import os
import re
from pathlib import Path

import openpyxl
from typer.testing import CliRunner

import reportnlp
from reportnlp.cli import app

EVIL = ['=HYPERLINK("http://example.invalid","点击")', "+1+1", "-2+3", "@SUM(1)", "\t=1", "\r=1"]
# whatever builds a spreadsheet: pandas, openpyxl, xlsxwriter or the csv module
_SHEET_WRITERS = re.compile(r"\.to_excel\(|ExcelWriter\(|\.to_csv\(|csv\.writer\(|csv\.DictWriter\(|"
                            r"openpyxl\.Workbook\(|\bWorkbook\(\)|xlsxwriter|\.save\([^)]*\.xlsx")


def test_no_spreadsheet_is_written_outside_the_guard():
    """The package (as imported) builds CSV and XLSX files only in outpath.py, behind the guard."""
    pkg = Path(reportnlp.__file__).parent
    hits = []
    for py in sorted(pkg.rglob("*.py")):
        if py.name == "outpath.py" and py.parent == pkg:
            continue
        for n, line in enumerate(py.read_text(encoding="utf-8").splitlines(), 1):
            if _SHEET_WRITERS.search(line) and not line.lstrip().startswith("#"):
                hits.append(f"{py.relative_to(pkg)}:{n}: {line.strip()}")
    assert not hits, "spreadsheets written outside outpath.py:\n" + "\n".join(hits)


def _cells_xlsx(path):
    wb = openpyxl.load_workbook(path)
    out = []
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                assert c.data_type != "f", (ws.title, c.coordinate, c.value)
                if isinstance(c.value, str) and c.value[:1] in "=+-@\t\r":
                    assert c.data_type == "s" and c.quotePrefix, (ws.title, c.coordinate, c.value)
                out.append(c.value)
    return out


def test_every_writer_of_compare_guards_its_cells(tmp_path):
    """compare with --data writes summary.xlsx and per_capita.csv: file names and data labels
    that look like formulas come out as text in both."""
    src = tmp_path / "in"
    src.mkdir()
    names = ["=1+1", "+2", "-3", "@SUM(4)"]
    for i, n in enumerate(names):
        (src / f"{n}.txt").write_text(
            f"青山{i}县教育局2024年度法治政府建设情况报告\n一、2024年度推进法治政府建设的主要举措和成效\n"
            f"全年开展行政检查{10 + i}次。\n", encoding="utf-8")
    data = tmp_path / "data.csv"
    with open(data, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["单位名称", "年度", "指标", "数值", "计量单位"])
        w.writerows([f"青山{i}县教育局", 2024, "学校数量", 5 + i, "所"] for i in range(4))
        w.writerows([f"青山{i}县教育局", 2024, e, 3 + i, "次"] for i in range(4) for e in EVIL[:4])
    out = tmp_path / "out"
    r = CliRunner().invoke(app, ["compare", str(src), "-o", str(out), "-j", "1", "--data", str(data)])
    assert r.exit_code == 0, (r.stdout[-800:], r.stderr[-800:], r.exception)
    cells = [c for c in _cells_xlsx(out / "summary.xlsx") if isinstance(c, str)]
    assert any(c.endswith(f"{n}.txt") for n in names for c in cells)  # the file names are there, as text
    with open(out / "per_capita.csv", encoding="utf-8-sig", newline="") as fh:
        got = [c for row in list(csv.reader(fh))[1:] for c in row]
    assert got and not [c for c in got if c[:1] in "=+-@\t\r"], got[:20]
    assert "'" + EVIL[0] in got  # the label kept, as text


def test_guarded_xlsx_writer_makes_every_formula_text(tmp_path):
    from reportnlp.outpath import write_xlsx

    path = tmp_path / "x.xlsx"
    write_xlsx(str(path), {"表": [EVIL, EVIL, [1.5] * len(EVIL)]})
    cells = _cells_xlsx(path)
    assert set(EVIL) <= set(cells) and 1.5 in cells  # texts kept as written, numbers stay numbers
    assert os.listdir(tmp_path) == ["x.xlsx"]  # atomic: no temporary file left


def test_merged_range_over_the_whole_sheet_is_refused_before_reading(tmp_path):
    """A <mergeCell> over A1:XFD1048576 under a small sheet dimension: openpyxl made one object
    per merged cell (all memory). It is refused from the XML, in a process with 3 GB at most."""
    import resource
    import subprocess
    import zipfile

    from conftest import reportnlp_cmd

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["指标", "数值", "计量单位"])
    ws.append(["行政检查", 15, "次"])
    ws.merge_cells("A3:B3")
    small = tmp_path / "small.xlsx"
    wb.save(small)
    sheet = tmp_path / "merged.xlsx"
    with zipfile.ZipFile(small) as zin, zipfile.ZipFile(sheet, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b'ref="A3:B3"', b'ref="A1:XFD1048576"')
            zout.writestr(info, data)
    rep = tmp_path / "r.txt"
    rep.write_text("青山县教育局2024年度法治政府建设情况报告\n全年开展行政检查15次。\n", encoding="utf-8")

    def cap():
        resource.setrlimit(resource.RLIMIT_AS, (3 << 30, 3 << 30))

    r = subprocess.run(reportnlp_cmd() + ["check", str(rep), "--data", str(sheet)], capture_output=True, text=True,
                       timeout=30, preexec_fn=cap)
    lines = [x for x in r.stderr.splitlines() if x.strip()]
    assert r.returncode == 2 and len(lines) == 1 and "合并单元格" in lines[0] and str(sheet) in lines[0], r.stderr[-800:]
