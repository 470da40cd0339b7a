"""Hardening round three (#31): each case failed before its fix."""
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from reportnlp.datasets import load_data
from reportnlp.errors import ReportError

ROOT = Path(__file__).resolve().parents[1]
REPORT = ROOT / "examples" / "report_2025.txt"


def run(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "reportnlp", *args], capture_output=True, text=True, cwd=cwd)


def _book(path, sheets, active=None, hidden=()):
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets:
        ws = wb.create_sheet(name)
        for r in rows:
            ws.append(r)
        if name in hidden:
            ws.sheet_state = "hidden" if name != "veryhidden" else "veryHidden"
    if active:
        wb.active = [n for n, _r in sheets].index(active)
    wb.save(path)
    return path


def test_a_hidden_first_sheet_is_not_read(tmp_path):
    p = _book(tmp_path / "d.xlsx", [("old", [["指标", "数值", "单位"], ["行政检查", 860, "次"]]),
                                     ("2025", [["指标", "数值", "单位"], ["行政检查", 86, "次"]])],
              active="2025", hidden=("old",))
    rows = load_data(str(p))
    assert [r.value for r in rows] == [86] and any("2025" in n for n in rows.notes)


def test_the_active_sheet_is_read_and_named(tmp_path):
    p = _book(tmp_path / "d.xlsx", [("说明", [["填表说明", "见附件"], ["单位", "次"]]),
                                     ("数据", [["指标", "数值", "单位"], ["行政检查", 86, "次"]])], active="数据")
    rows = load_data(str(p))
    assert [r.value for r in rows] == [86] and any("数据" in n for n in rows.notes)


def test_a_cell_far_out_is_refused_before_the_work(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["指标", "数值", "单位"])
    ws.append(["行政检查", 86, "次"])
    ws["XFD1048576"] = 1
    wb.save(tmp_path / "far.xlsx")
    with pytest.raises(ReportError, match="范围过大"):
        load_data(str(tmp_path / "far.xlsx"))


@pytest.mark.parametrize("cell,value", [("A2", "=CONCAT(\"行政\",\"检查\")"), ("B2", "=80+6"), ("D2", "=2024+1")])
def test_a_formula_without_its_saved_value_is_one_clear_error(tmp_path, cell, value):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["指标", "数值", "单位", "年度"])
    ws.append(["行政检查", 86, "次", 2025])
    ws[cell] = value  # openpyxl saves formulas without a computed value
    wb.save(tmp_path / "f.xlsx")
    with pytest.raises(ReportError, match=f"{cell}.*公式"):
        load_data(str(tmp_path / "f.xlsx"))
    r = run("check", str(REPORT), "--data", str(tmp_path / "f.xlsx"))
    assert r.returncode == 2 and "Traceback" not in r.stderr and "公式" in r.stderr


def test_a_json_figure_of_400_digits_is_one_line(tmp_path):
    p = tmp_path / "big.json"
    p.write_text('[{"指标": "行政检查", "数值": ' + "9" * 400 + ', "单位": "次"}]', encoding="utf-8")
    r = run("check", str(REPORT), "--data", str(p))
    assert r.returncode == 2 and "Traceback" not in r.stderr and "数值过大" in r.stderr


@pytest.mark.parametrize("ch", ["\x0c", "\x0b", "\x00", "\ufffe"])
def test_control_characters_do_not_break_the_annotated_copy(tmp_path, ch):
    p = tmp_path / "r.txt"
    body = "全年开展普法宣传活动，推进依法行政，规范行政执法行为。\n" * 200  # the character comes late
    p.write_text(f"某县教育局2024年度法治政府建设情况报告\n{body}全年检查{ch}12次，其中专项5次。\n20__年\n", encoding="utf-8")
    for cmd in (["check", str(p), "--annotate", str(tmp_path / "a.docx")],
                ["suggest", str(p), "--annotate", str(tmp_path / "s.docx")]):
        r = run(*cmd)
        assert "Traceback" not in r.stderr and r.returncode in (0, 1), r.stderr[-500:]
