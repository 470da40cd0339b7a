"""The README's Python examples run as written (from the checkout's root, as a reader would run them)."""
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BLOCKS = re.findall(r"```python\n(.*?)```", (ROOT / "README.md").read_text(encoding="utf-8"), flags=re.S)


def test_readme_has_python_examples():
    assert len(BLOCKS) >= 2


@pytest.mark.parametrize("code", BLOCKS, ids=[f"block{i}" for i in range(len(BLOCKS))])
def test_readme_python_block_runs(code):
    if "import spacy" in code:
        pytest.importorskip("spacy")
    r = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, encoding="utf-8")
    assert r.returncode == 0, r.stderr[-3000:]
    assert r.stdout.strip()


README = (ROOT / "README.md").read_text(encoding="utf-8")
TEXT_BLOCKS = re.findall(r"```text\n(.*?)```", README, flags=re.S)


def _run(*args, **kw):
    exe = Path(sys.executable).parent / "reportnlp"
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "reportnlp"]
    return subprocess.run(cmd + list(args), cwd=ROOT, capture_output=True, text=True, encoding="utf-8", timeout=300, **kw)


def _findings(*extra):
    """(line, code, message) of the example report as `check --format text` gives them."""
    out = _run("check", "examples/report_2025.docx", "--format", "text", *extra).stdout
    return [(int(m.group(1)), m.group(3), m.group(4)) for m in
            re.finditer(r"^examples/report_2025\.docx:(\d+):(\d+): (RN\d+) \[\w+\] (.*)$", out, flags=re.M)]


def test_readme_finding_lines_are_what_the_tool_says():
    """Every `第N行 RNxxx …` and `file:N:C: RNxxx …` line the README shows is a finding of a real run
    on the example (with and without its data file), on that line, with that message."""
    real = set(_findings()) | set(_findings("--data", "examples/stats_2025.csv"))
    shown = []
    for block in TEXT_BLOCKS:
        for m in re.finditer(r"第(\d+)行\s+(RN\d+) (.+)$", block, flags=re.M):
            shown.append((int(m.group(1)), m.group(2), m.group(3)))
        for m in re.finditer(r"^\s*examples/report_2025\.docx:(\d+):\d+: (RN\d+) \[\w+\] (.+)$", block, flags=re.M):
            shown.append((int(m.group(1)), m.group(2), m.group(3)))
    assert len(shown) >= 8
    for line, code, msg in shown:
        prefix = msg.rstrip("…").rstrip()
        assert any(l == line and c == code and t.startswith(prefix) for l, c, t in real), (line, code, msg)


def test_readme_rule_table_lists_every_rule():
    from reportnlp.check.registry import all_rules

    table = re.findall(r"^\| (RN\d+)(?:–(RN\d+))? \|", README, flags=re.M)
    listed = set()
    for a, b in table:
        listed |= {f"RN{n}" for n in range(int(a[2:]), int((b or a)[2:]) + 1)}
    missing = [code for code in all_rules() if code not in listed]
    assert not missing, missing


def test_readme_curl_example_prints_chinese_not_escapes():
    cmd = next(ln for ln in README.splitlines() if ln.startswith("curl ") and "/api/check" in ln)
    pretty = cmd.split("|", 1)[1].strip().split()
    body = _run("check", "examples/report_2025.docx", "--format", "json").stdout  # what the API returns inside
    shown = subprocess.run([sys.executable if p == "python3" else p for p in pretty], input=body,
                           capture_output=True, text=True, encoding="utf-8").stdout
    assert "青山县教育局" in shown and "\\u" not in shown


def _unguarded(code: str) -> str:
    """The README example as a plain script: the `if __name__ == "__main__":` line dropped, its body dedented."""
    out, inside = [], False
    for ln in code.splitlines():
        if ln.startswith("if __name__"):
            inside = True
            continue
        out.append(ln[4:] if inside and ln.startswith("    ") else ln)
    return "\n".join(out) + "\n"


@pytest.mark.parametrize("start", ["default", "spawn"])
def test_readme_compare_example_runs_from_a_plain_script(tmp_path, start):
    block = next(b for b in BLOCKS if "reportnlp.compare(" in b)
    assert 'if __name__ == "__main__":' in block  # the README shows the guard …
    script = _unguarded(block)
    assert "__main__" not in script
    head = "print('SCRIPT RAN', flush=True)\n"
    if start == "spawn":  # the start method of Windows and macOS
        head += ("import importlib, multiprocessing\n_run = importlib.import_module('reportnlp.compare.run')\n"
                 "_run._context = lambda *_a: multiprocessing.get_context('spawn')\n")
    path = tmp_path / "plain.py"
    path.write_text(head + script, encoding="utf-8")
    r = subprocess.run([sys.executable, str(path)], cwd=ROOT, capture_output=True, text=True, encoding="utf-8", timeout=300)
    assert r.returncode == 0, r.stderr[-3000:]
    assert r.stdout.count("SCRIPT RAN") == 1, r.stdout  # … but a script without it is not re-run by the workers
    assert "青山县教育局 2025 865.0" in r.stdout and "0 unread" in r.stdout
