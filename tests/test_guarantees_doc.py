"""docs/GUARANTEES.md is true to the code: every limit in its Limits table equals the named
constant (and every MAX_* constant of the package is in the table), and each command, run on a
small example, writes exactly the files its "Files each command may write" table lists."""
import fnmatch
import importlib
import json
import os
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

import reportnlp
from conftest import ROOT
from reportnlp.cli import app

DOC = ROOT / "docs" / "GUARANTEES.md"
# MAX_* constants that are no limit on what a user gives (internal bookkeeping)
NOT_A_LIMIT = {"MAX_TASKS": "files one compare worker checks before it is replaced"}


def _table(heading: str) -> list[list[str]]:
    text = DOC.read_text(encoding="utf-8")
    m = re.search(rf"^## {re.escape(heading)}\n(.*?)(?=^## |\Z)", text, re.S | re.M)
    assert m, f"no section {heading!r} in {DOC}"
    rows = [ln for ln in m.group(1).splitlines() if ln.startswith("|")]
    out = []
    for ln in rows[2:]:  # header and |---| line
        # split on | outside backticks
        cells, cur, tick = [], "", False
        for ch in ln.strip().strip("|"):
            if ch == "`":
                tick = not tick
            if ch == "|" and not tick:
                cells.append(cur.strip())
                cur = ""
            else:
                cur += ch
        cells.append(cur.strip())
        out.append(cells)
    return out


def _value(text: str, name: str) -> float:
    m = re.match(r"\s*10\^(\d+)", text)
    if m:
        return 10.0 ** int(m.group(1))
    m = re.match(r"\s*(\d[\d ,]*)\s*(MB|s\b|characters|)", text)
    assert m, f"no value in {text!r}"
    n = int(re.sub(r"[ ,]", "", m.group(1)))
    if m.group(2) == "MB" and not name.endswith("_MB"):
        n *= 1024 * 1024
    return n


def test_every_limit_in_the_table_is_the_constant_in_code():
    rows = _table("Limits")
    named = {}
    for limit, value, constant, _what in rows:
        c = constant.strip("`")
        if c == "—":
            continue
        module, _, name = c.rpartition(".")
        got = getattr(importlib.import_module(module), name)
        assert _value(value, name) == got, f"{limit}: GUARANTEES.md says {value!r}, {c} is {got}"
        named[name] = c
    assert {"MAX_SHEET_CELLS", "MAX_SHEET_ROWS", "MAX_LABEL_CHARS", "MAX_LIST_PARTS", "MAX_CHARS"} <= set(named)
    # and every MAX_* constant of the package is a row (or said not to be a limit)
    pkg = Path(reportnlp.__file__).parent
    for py in pkg.rglob("*.py"):
        for m in re.finditer(r"^(MAX_\w+)\s*=", py.read_text(encoding="utf-8"), re.M):
            assert m.group(1) in named or m.group(1) in NOT_A_LIMIT, f"{py.name}: {m.group(1)} is not in the Limits table"


REPORT = ("青山县教育局2024年度法治政府建设情况报告\n一、2024年度推进法治政府建设的主要举措和成效\n"
          "全年开展行政检查15次，其中专项检查3次、双随机抽查12次。\n二、存在的不足和原因\n一是执法力量不足。\n")


def _patterns(files_cell: str, file: str, folder: str) -> list[str]:
    pats = []
    for tok in re.findall(r"`([^`]+)`", files_cell):
        tok = re.sub(r"^(?:-o|--annotate)\s+", "", tok)
        if not ("FILE" in tok or "FOLDER" in tok or re.fullmatch(r"[\w.-]+\.\w+", tok)):
            continue
        if tok.startswith("$") or "cache" in tok:
            continue
        tok = tok.replace("FILE", file).replace("FOLDER", folder)
        pats.append(re.sub(r"<[^>]+>", "*", tok))
    return pats


def _run(*args):
    r = CliRunner().invoke(app, [str(a) for a in args])
    assert r.exit_code in (0, 1), (args, r.exit_code, r.stderr[-500:], r.exception)


def _scenario(key, tmp):
    """Run the command(s) of one table row in `tmp` (the current folder); the inputs it made."""
    (tmp / "r.txt").write_text(REPORT, encoding="utf-8")
    (tmp / "s.txt").write_text(REPORT.replace("青山", "绿水"), encoding="utf-8")
    data = tmp / "data.csv"
    data.write_text("单位名称,年度,指标,数值,计量单位\n青山县教育局,2024,行政检查,15,次\n青山县教育局,2024,学校数量,5,所\n",
                    encoding="utf-8")
    inputs = {"r.txt", "s.txt", "data.csv"}
    if key == ("check", "--format html"):
        _run("check", "r.txt", "--format", "html", "-o", "out.html")
        _run("check", "r.txt", "--format", "html")
    elif key == ("check", "--annotate"):
        _run("check", "r.txt", "--annotate", "out.docx")
        (tmp / "many").mkdir()
        _run("check", "r.txt", "s.txt", "--annotate", "many")
    elif key == ("draft", "-o"):
        _run("draft", "--data", "data.csv", "--org", "青山县教育局", "--year", "2024", "-o", "out.docx")
    elif key == ("suggest", "--annotate"):
        _run("suggest", "r.txt", "--annotate", "out.docx")
    elif key[0] == "compare":
        (tmp / "in").mkdir()
        for n in ("r.txt", "s.txt"):
            os.replace(tmp / n, tmp / "in" / n)
        inputs = {"in/r.txt", "in/s.txt", "data.csv"}
        _run("compare", "in", "-o", "res", "-j", "1", *(["--data", "data.csv"] if "--data" in key[1] else []))
    elif key[1] == "—":  # print-only formats write nothing
        _run("check", "r.txt", "--format", "json")
        _run("check", "r.txt")
        _run("data-labels", "data.csv")
    else:
        pytest.fail(f"no scenario for the row {key}: add one here")
    return inputs


def _key(command: str, option: str) -> tuple[str, str]:
    """(first command named, first option named) of a row: (`check`, `--annotate`)."""
    first = [re.findall(r"`([^`]+)`", x) or [x] for x in (command, option)]
    return first[0][0], first[1][0]


ROWS = [_key(c, o) for c, o, _f in _table("Files each command may write")]


@pytest.mark.parametrize("key", ROWS, ids=[f"{c} {o}" for c, o in ROWS])
def test_each_command_writes_exactly_the_listed_files(tmp_path, monkeypatch, key):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("REPORTNLP_CACHE", "off")
    table = {_key(c, o): f for c, o, f in _table("Files each command may write")}
    inputs = _scenario(key, tmp_path)
    listed = _patterns(table[key], "out", "res" if key[0] == "compare" else "many")
    allowed = list(listed)
    if key[0] == "compare":  # --data adds to the folder of -o
        allowed += _patterns(table[("compare", "-o FOLDER")], "out", "res")
    written = sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*") if p.is_file())
    written = [w for w in written if w not in inputs]
    unlisted = [w for w in written if not any(fnmatch.fnmatch(w, p) for p in allowed)]
    assert not unlisted, f"{key}: files not in GUARANTEES.md: {unlisted} (listed: {allowed})"
    missing = [p for p in listed if not any(fnmatch.fnmatch(w, p) for w in written)]
    assert not missing, f"{key}: listed but not written: {missing} (written: {written})"
    if key == ("draft", "-o"):
        json.loads((tmp_path / "out.trace.json").read_text(encoding="utf-8"))
