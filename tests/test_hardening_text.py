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
