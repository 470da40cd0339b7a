"""The console entry point: a plain `reportnlp check FILE…` and `reportnlp compare INPUT… [-o DIR] [-j N]`
are carried out without typer, with the same output and exit code as the typer command; everything else
goes to typer."""
import subprocess
import sys
from pathlib import Path

import pytest

from reportnlp._entry import batch_coming, plain_check, plain_compare

ROOT = Path(__file__).resolve().parents[1]
DOCX = "examples/report_2025.docx"
TXT = "examples/report_2025.txt"


def _run(module_main: str, args: list[str], cwd=ROOT):
    code = f"import sys; sys.argv = ['reportnlp'] + {args!r}; from {module_main} import main; main()"
    return subprocess.run([sys.executable, "-c", code], cwd=cwd, capture_output=True, text=True, encoding="utf-8")


@pytest.mark.parametrize("args", [
    ["check", DOCX],
    ["check", "--format", "json", DOCX, TXT],
    ["check", "-f", "text", TXT],
    ["check", "--format=json", "missing.docx", TXT],
    ["check", "-f", "json", "examples"],
    ["check", "-f", "json", "no_such_report"],  # a path without extension is still a path, never text
])
def test_same_as_the_typer_command(args):
    fast = _run("reportnlp._entry", args)
    full = _run("reportnlp.cli", args)
    assert (fast.returncode, fast.stdout, fast.stderr) == (full.returncode, full.stdout, full.stderr)
    assert fast.returncode in (1, 2)


def test_project_config_is_honoured(tmp_path):
    (tmp_path / "reportnlp.toml").write_text('ignore = ["RN1", "RN3"]\nfail-on = "error"\n', encoding="utf-8")
    args = ["check", "-f", "json", str(ROOT / TXT)]
    fast, full = _run("reportnlp._entry", args, cwd=tmp_path), _run("reportnlp.cli", args, cwd=tmp_path)
    assert (fast.returncode, fast.stdout) == (full.returncode, full.stdout)
    assert '"RN101"' not in fast.stdout and '"RN201"' in fast.stdout


def test_only_the_plain_form_is_parsed_here():
    assert plain_check(["check", "a.docx", "b.txt"]) == (["a.docx", "b.txt"], "terminal")
    assert plain_check(["check", "-f", "json", "a.docx"]) == (["a.docx"], "json")
    for argv in (["check"], ["check", "--select", "RN2", "a.docx"], ["check", "-f", "html", "a.docx"],
                 ["check", "--help"], ["check", "a.docx", "--data", "d.csv"], ["rules"], [], ["--version"],
                 ["check", "-f"], ["compare", "x"]):
        assert plain_check(argv) is None, argv


def test_other_commands_reach_typer():
    r = _run("reportnlp._entry", ["--version"])
    assert r.returncode == 0 and r.stdout.strip()
    r = _run("reportnlp._entry", ["check", "--select", "RN201", "-f", "json", TXT])
    assert r.returncode == 1 and '"RN201"' in r.stdout and '"RN301"' not in r.stdout


def test_project_config_in_pyproject(tmp_path):
    from reportnlp.config import load_project_config

    (tmp_path / "pyproject.toml").write_text('[tool.reportnlp]\nselect = ["RN304"]\n', encoding="utf-8")
    inner = tmp_path / "other"
    inner.mkdir()
    (inner / "pyproject.toml").write_text('[project]\nname = "other"\n', encoding="utf-8")  # skipped, not parsed
    assert load_project_config(str(inner)) == {"select": ["RN304"]}
    (inner / "pyproject.toml").write_text('[project]\nname = "x"\n[tool.reportnlp]\nignore = ["RN1"]\n', encoding="utf-8")
    assert load_project_config(str(inner)) == {"ignore": ["RN1"]}
    r = _run("reportnlp._entry", ["check", "-f", "json", str(ROOT / TXT)], cwd=tmp_path)
    assert '"RN304"' in r.stdout and '"RN201"' not in r.stdout


def test_console_script_and_module_run_the_entry():
    import tomllib

    meta = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert meta["project"]["scripts"]["reportnlp"] == "reportnlp._entry:main"
    r = subprocess.run([sys.executable, "-m", "reportnlp", "check", "-f", "json", TXT], cwd=ROOT, capture_output=True,
                       text=True, encoding="utf-8")
    assert r.returncode == 1 and r.stdout.count("\n") == 1 and '"RN201"' in r.stdout


def test_command_line_fail_on_overrides_the_project(tmp_path):
    (tmp_path / "reportnlp.toml").write_text('fail-on = "info"\n', encoding="utf-8")
    clean = tmp_path / "r.txt"
    clean.write_text("20__年，全局开展法治讲座8场。\n", encoding="utf-8")  # an error (RN304)
    info_only = tmp_path / "i.txt"
    info_only.write_text("全年发放学生资助资金共计1134.65万元，其中学前教育资助210.33万元、义务教育资助512.17万元、"
                         "普通高中资助412.16万元。\n", encoding="utf-8")  # a rounding note (info) only
    for entry in ("reportnlp._entry", "reportnlp.cli"):
        assert _run(entry, ["check", "-f", "json", str(info_only)], cwd=tmp_path).returncode == 1  # project: info
        r = _run(entry, ["check", "--fail-on", "error", "-f", "json", str(info_only)], cwd=tmp_path)
        assert r.returncode == 0, (entry, r.stdout, r.stderr)  # the command line wins
        assert _run(entry, ["check", "--fail-on", "error", str(clean)], cwd=tmp_path).returncode == 1


def test_the_worker_server_starts_early_only_for_a_local_batch():
    assert batch_coming(["compare", "in", "-o", "out", "-j", "2"])
    for argv in (["compare", "--history", "out"], ["compare", "--history=out"], ["compare", "--help"],
                 ["compare", "in", "--engine", "dask"], ["check", "a.docx"], []):
        assert not batch_coming(argv), argv


def test_only_the_plain_compare_is_parsed_here():
    req = plain_compare(["compare", "a", "b", "-o", "res", "-j", "2"])
    assert (req.inputs, req.output, req.jobs) == (["a", "b"], "res", 2)
    req = plain_compare(["compare", "--output=res", "a", "--jobs=1"])
    assert (req.inputs, req.output, req.jobs) == (["a"], "res", 1)
    assert plain_compare(["compare", "a"]).output == "out"
    for argv in (["compare"], ["compare", "a", "-j", "x"], ["compare", "a", "-j", "-1"], ["compare", "a", "-j2"],
                 ["compare", "a", "--data", "d.csv"], ["compare", "--history", "out"], ["compare", "a", "-o"],
                 ["compare", "a", "--help"], ["compare", "a", "--engine", "dask"], ["compare", "a", "-o", ""],
                 ["compare", "a", "--", "b"], ["check", "a.docx"], []):
        assert plain_compare(argv) is None, argv


@pytest.mark.parametrize("args", [
    ["compare", "examples", "-o", "{out}", "-j", "1"],
    ["compare", "examples/report_2025.txt", "no_such_report.docx", "--output={out}"],  # a file it cannot read: exit 2
    ["compare", "no_such_folder", "-o", "{out}"],  # nothing written
    ["compare", "examples", "-o", "examples/report_2025.txt"],  # the output is a file
])
def test_compare_same_as_the_typer_command(args, tmp_path):
    """The fast path and typer: the same lines, exit code and files (each run into a folder of its own)."""
    runs = []
    for entry in ("reportnlp._entry", "reportnlp.cli"):
        out = tmp_path / entry
        r = _run(entry, [a.replace("{out}", str(out)) for a in args])
        files = sorted(p.relative_to(out).as_posix() for p in out.rglob("*")) if out.exists() else None
        runs.append((r.returncode, r.stdout.replace(str(out), "OUT"), r.stderr.replace(str(out), "OUT"), files))
    assert runs[0] == runs[1]
    assert runs[0][0] in (0, 2) and (runs[0][1] or runs[0][2])


def test_a_compare_into_a_pipe_shows_no_progress_bar_and_loads_neither_typer_nor_rich_progress(tmp_path):
    code = ("import sys; from reportnlp.comparecmd import CompareRequest, run_compare; "
            f"rc = run_compare(CompareRequest(inputs=['examples'], output={str(tmp_path / 'out')!r}, jobs=1)); "
            "print(rc, sorted(m for m in ('typer', 'pydantic', 'rich.progress') if m in sys.modules))")
    r = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, encoding="utf-8")
    assert r.stdout.strip().splitlines()[-1] == "0 []", r.stdout + r.stderr
    assert "检查报告" not in r.stderr and "━" not in r.stderr
