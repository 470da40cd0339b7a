"""The Python API: `reportnlp.check` and its typed `Report`, the CLI's JSON byte for byte, lazy imports."""
import json
import subprocess
import sys
from pathlib import Path

import pytest

import reportnlp
from conftest import reportnlp_cmd
from reportnlp import api

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = [ROOT / "examples" / "report_2025.docx", ROOT / "examples" / "report_2025.txt"]
HEAVY = ("sklearn", "scipy", "pandas", "duckdb", "jinja2", "torch", "skops", "spacy", "numpy", "transformers")


def _cli_json(paths: list[str]) -> list[str]:
    r = subprocess.run(reportnlp_cmd() + ["check", "--format", "json", *paths], capture_output=True, text=True,
                       encoding="utf-8")
    assert r.returncode in (0, 1), r.stderr
    return r.stdout.splitlines()


def _same_as_cli(paths: list[str]) -> None:
    lines = _cli_json(paths)
    assert len(lines) == len(paths)
    for path, line in zip(paths, lines):
        rep = reportnlp.check(path)
        assert rep.to_json() == line, path
        assert rep.to_dict() == json.loads(line)


def test_to_json_is_the_cli_line_on_the_examples():
    _same_as_cli([str(p) for p in EXAMPLES])


def test_to_json_is_the_cli_line_on_the_devset(shared_dir):
    dev = shared_dir / "devset"
    paths = sorted(str(p) for p in (dev / "docs").glob("*.txt")) + sorted(str(p) for p in (dev / "docx").glob("*.docx"))
    assert len(paths) > 10
    _same_as_cli(paths)


def test_report_is_typed_with_original_positions():
    rep = reportnlp.check(EXAMPLES[0])  # a pathlib.Path works as well as a str
    assert isinstance(rep, reportnlp.Report)
    assert (rep.year, rep.org, rep.doc_type) == (2025, "青山县教育局", "法治政府建设年度报告")
    assert rep.missing_parts == ["first_responsible"]
    assert [p.canonical for p in rep.parts] == ["measures", "shortcomings", "next_year"]
    d = rep.to_dict()
    text = rep.text
    for h, jh in zip(rep.headings, d["headings"], strict=True):
        assert isinstance(h.span, reportnlp.Span)
        assert text[h.span.start:h.span.end] == h.text == jh["text"]
        assert (h.span.start, h.span.end, h.span.line, h.level, h.canonical) == (
            jh["start"], jh["end"], jh["line"], jh["level"], jh["canonical"])
    for c, jc in zip(rep.claims, d["claims"], strict=True):
        assert text[c.span.start:c.span.end] == c.text == jc["text"]
        assert text.count("\n", 0, c.span.start) + 1 == c.span.line == jc["line"]
        assert (c.value, c.unit, c.approx, c.metric) == (jc["value"], jc["unit"], jc["approx"], jc.get("metric"))
    for r, jr in zip(rep.relations, d["checks"], strict=True):
        assert (r.kind, r.verdict) == (jr["kind"], jr["verdict"])
        assert {k: v for k, v in jr.items() if k not in ("kind", "verdict", "start", "end", "line")} == dict(r.fields)
    sums = [r for r in rep.relations if r.kind == "sum" and r.verdict == "inconsistent"]
    assert sums and sums[0].fields["total"] == 865.0 and sums[0].fields["sum_of_parts"] == 863.0
    codes = [f.code for f in rep.findings]
    assert codes == [f["code"] for f in d["findings"]] and "RN201" in codes
    whole = [f for f in rep.findings if f.span is None]
    assert [f.code for f in whole] == ["RN101"] and whole[0].section == "first_responsible"
    rn201 = next(f for f in rep.findings if f.code == "RN201")
    assert rn201.span.text == "865件" and rn201.severity == "error"


def test_check_text_and_options():
    txt = EXAMPLES[1].read_text(encoding="utf-8")
    by_text = reportnlp.check(txt)
    by_path = reportnlp.check(str(EXAMPLES[1]))
    assert by_text.file == api.TEXT_PATH
    a, b = by_text.to_dict(), by_path.to_dict()
    a.pop("file"), b.pop("file")
    assert a == b
    only = reportnlp.check(txt, select=["RN201"])
    assert {f.code for f in only.findings} == {"RN201"}
    ignored = reportnlp.check(txt, ignore="RN2")
    assert not any(f.code.startswith("RN2") for f in ignored.findings)
    undated = txt.replace("2025年度", "本年度").replace("2025年", "本年")
    assert reportnlp.check(undated, year=2025).year == 2025


def test_check_with_data_reports_mismatches():
    data = ROOT / "examples" / "stats_2025.csv"
    rep = reportnlp.check(EXAMPLES[0], data=data)
    assert "RN401" in {f.code for f in rep.findings}
    rows = reportnlp.load_data(data)
    assert reportnlp.check(EXAMPLES[0], data=rows).to_json() == rep.to_json()


def test_errors_are_report_errors():
    with pytest.raises(reportnlp.ReportError) as e:
        reportnlp.check("no_such_report.docx")
    assert e.value.message == "文件不存在"
    with pytest.raises(reportnlp.ReportError):
        reportnlp.check("   \n  ")
    for name in ("reports/2024.pdf", "青山县报告.docx", "a.wps"):
        with pytest.raises(reportnlp.ReportError) as e:
            reportnlp.check(name)
        assert e.value.message == "文件不存在"
    one_line = reportnlp.check("青山县教育局2024年度法治政府建设年度报告。全年开展检查20次。")
    assert one_line.file == api.TEXT_PATH and one_line.year == 2024


def test_suggest_and_draft(tmp_path):
    data = ROOT / "examples" / "stats_2025.csv"
    sugg = reportnlp.suggest(EXAMPLES[0], data=data)
    assert [s.part for s in sugg] == ["first_responsible"] and "学法" in sugg[0].text
    out = tmp_path / "draft.docx"
    d = reportnlp.draft(data, org="青山县教育局", year=2025, output=out)
    assert out.exists() and (tmp_path / "draft.trace.json").exists() and d.trace
    rep = reportnlp.check(out, data=data)
    assert rep.missing_parts == [] and not [f for f in rep.findings if f.severity == "error"]


def test_compare_api(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    (d / "a.txt").write_text(EXAMPLES[1].read_text(encoding="utf-8"), encoding="utf-8")
    (d / "b.txt").write_text(EXAMPLES[1].read_text(encoding="utf-8").replace("青山县", "绿水县"), encoding="utf-8")
    (d / "broken.docx").write_bytes(b"PK\x03\x04 not a zip")
    res = reportnlp.compare([d], jobs=1)
    assert len(res.records) == 3 and len(res.ok) == 2 and len(res.failed) == 1
    assert {r["org"] for r in res.ok} == {"青山县教育局", "绿水县教育局"}
    assert res.outputs == {}


def _modules_after(code: str) -> set[str]:
    probe = (code + "\nimport sys\nsys.stderr.write('\\nMODULES ' + ' '.join(sorted({m.split('.')[0] "
             "for m in sys.modules})) + '\\n')\n")
    r = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, encoding="utf-8", cwd=ROOT)
    line = [s for s in r.stderr.splitlines() if s.startswith("MODULES ")]
    assert line, r.stderr
    return set(line[-1].split()[1:])


def _cli(*args: str, entry: str = "reportnlp.cli") -> str:
    return (f"import sys\nfrom {entry} import main\nsys.argv = ['reportnlp', " + ", ".join(repr(a) for a in args)
            + "]\ntry:\n    main()\nexcept SystemExit:\n    pass")


@pytest.mark.parametrize("entry", ["reportnlp.cli", "reportnlp._entry"])
@pytest.mark.parametrize("fmt", ["terminal", "json", "text"])
def test_plain_check_imports_no_heavy_library(fmt, entry):
    loaded = _modules_after(_cli("check", "--format", fmt, "examples/report_2025.docx", "examples/report_2025.txt",
                                 entry=entry))
    assert "reportnlp" in loaded and "lxml" in loaded  # the probe sees what the check loaded (the .docx read)
    assert "docx" not in loaded  # reading a .docx needs no python-docx (only --annotate writes with it)
    assert loaded.isdisjoint(HEAVY), sorted(loaded & set(HEAVY))
    if entry == "reportnlp._entry":
        assert "typer" not in loaded and "pydantic" not in loaded
    if fmt == "json" or entry == "reportnlp._entry":  # output to a pipe: the terminal view is written without rich
        assert "rich" not in loaded
    if entry == "reportnlp._entry":  # the data cache's digests come from _blake2, not through hashlib's OpenSSL
        assert "hashlib" not in loaded and "_hashlib" not in loaded


def test_a_check_without_data_leaves_the_data_matching_unloaded():
    """Matching a bureau's sheet (check.datacheck, extract.labels) is for --data only."""
    probe = (_cli("check", "--format", "json", "examples/report_2025.docx", entry="reportnlp._entry")
             + "\nsys.stderr.write('\\nMODULES ' + ' '.join(sorted(sys.modules)) + '\\n')\n")
    r = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, encoding="utf-8", cwd=ROOT)
    loaded = set(next(s for s in r.stderr.splitlines() if s.startswith("MODULES ")).split()[1:])
    assert "reportnlp.check.rules.rn402" in loaded  # the --data rules ran, and found nothing to do
    assert loaded.isdisjoint({"reportnlp.check.datacheck", "reportnlp.extract.labels"})


def test_a_check_with_its_data_cached_reads_no_yaml_and_compiles_no_schema():
    """After a first check has cached the parsed data files and noted their validation, a check
    imports neither PyYAML nor fastjsonschema (each costs a cold start more than reading the report)."""
    code = _cli("check", "--format", "json", "examples/report_2025.docx", "examples/report_2025.txt",
                entry="reportnlp._entry")
    _modules_after(code)  # fills the cache when it is cold
    loaded = _modules_after(code)
    assert "reportnlp" in loaded and "lxml" in loaded
    assert loaded.isdisjoint({"yaml", "fastjsonschema"}), sorted(loaded & {"yaml", "fastjsonschema"})


def test_options_that_need_a_library_load_it():
    """The probe is not blind: --data reads the table with pandas, --format html renders with Jinja2."""
    loaded = _modules_after(_cli("check", "--format", "json", "--data", "examples/stats_2025.csv",
                                 "examples/report_2025.txt"))
    assert "pandas" in loaded
    assert "sklearn" not in loaded and "torch" not in loaded


def test_import_reportnlp_is_light():
    loaded = _modules_after("import reportnlp\nreportnlp.Span\nreportnlp.Config")
    assert loaded.isdisjoint(HEAVY + ("docx", "opencc", "yaml", "rich", "typer", "cn2an"))
    loaded = _modules_after("import reportnlp\nreportnlp.check('examples/report_2025.txt')")
    assert loaded.isdisjoint(HEAVY + ("rich", "typer"))
