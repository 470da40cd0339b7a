"""The terminal view is drawn by rich on a terminal and written as plain text elsewhere: the two
writers must give the same characters wherever rich would draw no style, and decide "terminal" as
rich does."""
from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest
from rich.console import Console

import reportnlp
from reportnlp.report.terminal import plain, plain_output, render

ROOT = Path(__file__).resolve().parents[1]


def _rich_text(rep) -> str:
    buf = io.StringIO()
    render(rep, Console(file=buf, highlight=False, soft_wrap=True))  # a StringIO is not a terminal
    return buf.getvalue()


def _documents(shared: Path | None) -> list[Path]:
    docs = sorted((ROOT / "examples").glob("*.txt")) + sorted((ROOT / "examples").glob("*.docx"))
    if shared is not None:
        docs += sorted((shared / "devset" / "docs").glob("*.txt")) + sorted((shared / "seeds").glob("*.txt"))
    return docs


@pytest.fixture
def no_colour_env(monkeypatch):
    for var in ("FORCE_COLOR", "TTY_COMPATIBLE", "NO_COLOR", "TTY_INTERACTIVE"):
        monkeypatch.delenv(var, raising=False)


def test_plain_writer_gives_what_rich_writes_off_a_terminal(no_colour_env):
    shared = ROOT.parent / "shared"
    docs = _documents(shared if (shared / "devset").is_dir() else None)
    assert len(docs) >= 3
    for path in docs:
        rep = reportnlp.check(str(path)).analysis
        assert plain(rep) == _rich_text(rep), path.name


def test_report_text_is_one_safe_line_in_both_writers(no_colour_env):
    """Tabs, carriage returns, bells, escape sequences, markup-like and emoji-like words in a report:
    rich would expand, drop or pass some of them on; both writers get them made safe first."""
    text = ("青山县\t司法局2025年法治政府建设年度报告\n"
            "一、主要举措和成效\n"
            "全年办理案件\x1b[31m120件:ok:[bold]，其中行政复议\r80件、\x07行政诉讼30件。\n"
            "二、存在的不足和原因\n不足。\n三、下一年度主要安排\n安排。\n")
    rep = reportnlp.check(text).analysis
    out = plain(rep)
    assert out == _rich_text(rep)
    assert "\x1b" not in out and "\r" not in out and "\x07" not in out and "\t" not in out
    assert "120件:ok:[bold]" in out  # words are words: no markup, no emoji codes


class _Stream(io.StringIO):
    def __init__(self, tty: bool):
        super().__init__()
        self._tty = tty

    def isatty(self) -> bool:
        return self._tty


@pytest.mark.parametrize("tty", [True, False])
@pytest.mark.parametrize("env", [{}, {"FORCE_COLOR": "1"}, {"FORCE_COLOR": ""}, {"TTY_COMPATIBLE": "0"},
                                 {"TTY_COMPATIBLE": "1"}, {"TTY_COMPATIBLE": "0", "FORCE_COLOR": "1"},
                                 {"TTY_COMPATIBLE": "2", "FORCE_COLOR": "1"}, {"NO_COLOR": "1"}])
def test_plain_output_decides_as_rich_does(monkeypatch, no_colour_env, tty, env):
    for k, v in env.items():
        monkeypatch.setenv(k, v)
    stream = _Stream(tty)
    assert plain_output(stream) is (not Console(file=stream).is_terminal)


def test_the_console_script_writes_the_plain_view_to_a_pipe(no_colour_env, monkeypatch):
    monkeypatch.chdir(ROOT)
    r = subprocess.run([sys.executable, "-m", "reportnlp", "check", "examples/report_2025.docx"], cwd=ROOT,
                       capture_output=True, text=True, encoding="utf-8")
    assert r.returncode == 1, r.stderr  # the example lacks a statutory part
    assert r.stdout == plain(reportnlp.check("examples/report_2025.docx").analysis)
    assert "\x1b[" not in r.stdout
