"""Every output format of `check` is one entry of report/formats.py; each entry works end to end."""
import json
from pathlib import Path

import pytest

from reportnlp._entry import plain_check
from reportnlp.checkcmd import CheckRequest, run_check
from reportnlp.report.formats import FORMATS, help_text, streamed

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "report_2025.txt"


@pytest.mark.parametrize("name", list(FORMATS))
def test_each_format_writes_its_output(name, tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    fmt = FORMATS[name]
    code = run_check(CheckRequest(files=[str(EXAMPLE)], fmt=name))
    assert code in (0, 1)
    out = capsys.readouterr().out
    if fmt.emit is not None:
        assert out.strip(), name
        if name == "json":
            assert json.loads(out.splitlines()[0])["file"] == str(EXAMPLE)
    else:
        page = tmp_path / fmt.default_output
        assert page.is_file() and page.stat().st_size > 1000
        assert not out.strip()


def test_page_formats_refuse_a_wrong_file_name(tmp_path, capsys):
    for name, fmt in FORMATS.items():
        if fmt.page is None:
            continue
        code = run_check(CheckRequest(files=[str(EXAMPLE)], fmt=name, output=str(tmp_path / "out.pdf")))
        assert code == 2 and not (tmp_path / "out.pdf").exists()


def test_unknown_format_lists_the_table(capsys):
    assert run_check(CheckRequest(files=[str(EXAMPLE)], fmt="pdf")) == 2
    err = capsys.readouterr()
    assert all(n in err.err + err.out for n in FORMATS)


def test_fast_path_takes_only_streamed_formats_and_help_names_all():
    for name in FORMATS:
        parsed = plain_check(["check", "a.txt", "--format", name])
        assert (parsed is not None) == (name in streamed())
    assert all(n in help_text() for n in FORMATS)
