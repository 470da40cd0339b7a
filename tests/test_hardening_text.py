"""Issue 31: texts within the stated limits (200 000 characters, 3 000 figures) that made a check
take minutes (super-linear scans) and data labels of 10 000 characters. Each pathological input
is checked in its own process under a hard timeout far above a normal run (a few seconds): the
test fails only on super-linear work, never on a slow machine."""
import re
import subprocess

import pytest

from conftest import reportnlp_cmd

CEILING = 30  # seconds; a normal check of these files takes one or two


def _check(*args, timeout=CEILING):
    return subprocess.run(reportnlp_cmd() + ["check", *[str(a) for a in args]], capture_output=True, text=True,
                          timeout=timeout)


# each text stays within MAX_CHARS and MAX_FIGURES (it is checked, not refused)
PATHOLOGICAL = {
    "fenbie": "分别为、" * 49000,  # 196 000 characters of list cues and no figure
    "fenbie_after_total": "共10件，" + "分别为、" * 49000,  # 49 000 list cues after one total
    "year_counts": "2023年12件，" * 1400,  # one paragraph of 1 400 equal figures
    "qizhong": "其中" * 98000,  # no 、: every position retried the rest of the text
    "qizhong_counts": "其中3件" * 2900,
    "semicolon_counts": "3件；" * 2900,
    "fenbie_counts": "分别为1件、" * 2900,
    "bracket_counts": "（1）3件" * 1450,
    "unitless": "12，" * 2900,
    "rates_in_one_sentence": "办结率100%、" * 2900,  # every rate weighed every earlier figure's wording
}


@pytest.mark.parametrize("name", sorted(PATHOLOGICAL))
def test_pathological_text_is_checked_in_linear_time(tmp_path, name):
    from reportnlp.read import MAX_CHARS, MAX_FIGURES, _FIGURE

    text = PATHOLOGICAL[name]
    assert len(text) <= MAX_CHARS and len(_FIGURE.findall(text)) <= MAX_FIGURES  # within the limits
    p = tmp_path / f"{name}.txt"
    p.write_text(text, encoding="utf-8")
    r = _check("--format", "json", p)  # raises TimeoutExpired on super-linear work
    assert r.returncode in (0, 1), r.stderr[-500:]
    assert "Traceback" not in r.stderr


def test_list_longer_than_the_limit_is_not_judged_on_its_first_parts(tmp_path):
    """A list of more parts than MAX_LIST_PARTS is not judged (its first parts say nothing about
    its total): no sum finding, and the check still ends."""
    from reportnlp import api
    from reportnlp.read import MAX_LIST_PARTS

    n = MAX_LIST_PARTS + 5
    text = f"全年开展行政检查{n * 2}次，其中" + "、".join(f"第{i}类检查1次" for i in range(n)) + "。\n"
    rep = api.check(text, year=2024).analysis
    assert not [c for c in rep.checks if c.kind == "sum"]
    short = f"全年开展行政检查{12}次，其中" + "、".join(f"第{i}类检查1次" for i in range(10)) + "。\n"
    rep = api.check(short, year=2024).analysis
    assert [c for c in rep.checks if c.kind == "sum" and c.verdict == "inconsistent"]  # a short list is judged


# --- data labels (issue 31 item 1) ---------------------------------------------------------

REPORT = ("青山县教育局2024年度法治政府建设情况报告\n一、2024年度推进法治政府建设的主要举措和成效\n"
          "全年开展行政检查15次，其中专项检查3次。\n")
HUGE = "专项检查" * 2500  # a 10 000-character label (a pasted paragraph, a damaged cell)


@pytest.mark.parametrize("form", ["wide", "long"])
def test_huge_data_label_is_named_and_not_used(tmp_path, form):
    from reportnlp.extract.labels import MAX_LABEL_CHARS

    rep = tmp_path / "report.txt"
    rep.write_text(REPORT, encoding="utf-8")
    sheet = tmp_path / "sheet.csv"
    if form == "wide":
        sheet.write_text(f"单位名称,年度,行政检查(次),{HUGE}\n青山县教育局,2024,15,3\n", encoding="utf-8")
        cell = "第4列"
    else:
        sheet.write_text(f"指标,数值,计量单位\n行政检查,15,次\n{HUGE},3,次\n", encoding="utf-8")
        cell = "第3行"
    r = _check(rep, "--data", sheet)  # raises TimeoutExpired on super-linear work (took 11.6 GB)
    assert r.returncode in (0, 1), r.stderr[-500:]
    assert "Traceback" not in r.stderr
    lines = [x for x in r.stderr.splitlines() if "过长" in x]
    assert len(lines) == 1, r.stderr  # one line, naming the file, the cell and the start of the label
    assert str(sheet) in lines[0] and cell in lines[0] and "专项检查专项检查" in lines[0], lines[0]
    assert f"{len(HUGE)} 字" in lines[0] and f"{MAX_LABEL_CHARS} 字" in lines[0]
    assert HUGE not in r.stdout + r.stderr  # named, not pasted


def test_label_at_the_limit_is_used(tmp_path):
    from reportnlp.datasets import load_data
    from reportnlp.extract.labels import MAX_LABEL_CHARS

    sheet = tmp_path / "sheet.csv"
    ok, long = "检" * MAX_LABEL_CHARS, "检" * (MAX_LABEL_CHARS + 1)
    sheet.write_text(f"指标,数值,计量单位\n{ok},3,次\n{long},4,次\n", encoding="utf-8")
    rows = load_data(str(sheet))
    assert [r.label for r in rows] == [ok]
    assert len(rows.warnings) == 1 and "第3行" in rows.warnings[0]


def test_draft_says_which_label_it_could_not_use(tmp_path):
    sheet = tmp_path / "sheet.csv"
    sheet.write_text(f"指标,数值,计量单位\n行政检查,15,次\n{HUGE},3,次\n", encoding="utf-8")
    r = subprocess.run(reportnlp_cmd() + ["draft", "--data", str(sheet), "--org", "青山县教育局", "--year", "2024",
                                          "-o", str(tmp_path / "d.docx")], capture_output=True, text=True, timeout=CEILING)
    assert r.returncode == 0, r.stderr
    assert len([x for x in r.stderr.splitlines() if "过长" in x and "第3行" in x]) == 1, r.stderr


def test_json_line_stays_one_line_with_unicode_line_separators(tmp_path):
    """U+2028, U+2029 and NEL inside a report's text are line breaks to str.splitlines and to
    JavaScript readers: the JSON line escapes them, so each file is still exactly one line."""
    import json

    p = tmp_path / "r.txt"
    p.write_text("青山县教育局关于2025\u2028年度法治政府建设情况的报告\n全年开展行政检查15\u2029次，\x85其中专项检查3次。\n",
                 encoding="utf-8")
    r = _check("--format", "json", p, tmp_path / "missing\u2028name.txt")
    lines = r.stdout.splitlines()
    assert len(lines) == 2, lines
    assert json.loads(lines[0])["file"] == str(p) and "error" in json.loads(lines[1])
