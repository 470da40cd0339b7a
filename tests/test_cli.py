"""The JSON contract (shared/CHECK_JSON.md), rule selection, config files, exit codes."""
import json
import subprocess

import pytest

from conftest import ROOT, reportnlp_cmd

EXAMPLE_TXT = ROOT / "examples" / "report_2025.txt"
EXAMPLE_DOCX = ROOT / "examples" / "report_2025.docx"


def run(*args, cwd=None):
    return subprocess.run(reportnlp_cmd() + list(args), capture_output=True, text=True, cwd=cwd, timeout=300)


@pytest.fixture(scope="module")
def objs():
    r = run("check", "--format", "json", str(EXAMPLE_TXT), str(EXAMPLE_DOCX))
    assert r.returncode == 1
    return [json.loads(x) for x in r.stdout.splitlines()]


def test_json_lines_in_order(objs):
    assert [o["file"] for o in objs] == [str(EXAMPLE_TXT), str(EXAMPLE_DOCX)]
    assert [o["format"] for o in objs] == ["txt", "docx"]


def test_json_keys_and_types(objs):
    for o in objs:
        assert o["script"] in ("simplified", "traditional")
        assert isinstance(o["year"], int) and isinstance(o["org"], str) and isinstance(o["doc_type"], str)
        assert isinstance(o["statutory_applicable"], bool)
        for h in o["headings"]:
            assert {"text", "level", "canonical", "line", "start", "end"} <= set(h)
            assert h["level"] >= 1 and (h["canonical"] is None or h["canonical"] in
                                        ("measures", "shortcomings", "first_responsible", "next_year", "other"))
        for s in o["sections"]:
            assert {"canonical", "line", "start", "heading"} <= set(s)
        assert o["missing_sections"] == ["first_responsible"]
        for c in o["claims"]:
            assert isinstance(c["value"], float) and isinstance(c["approx"], bool)
            assert {"text", "unit", "start", "end", "line"} <= set(c)
        kinds = {c["kind"] for c in o["checks"]}
        assert "sum" in kinds
        for c in o["checks"]:
            assert c["verdict"] in ("consistent", "rounding", "inconsistent")
            if c["kind"] == "sum":
                assert {"total", "parts", "sum_of_parts", "unit", "start", "end"} <= set(c)
        for f in o["findings"]:
            assert {"rule", "code", "severity", "message", "line", "start", "end", "text"} <= set(f)
            assert f["severity"] in ("error", "warning", "info")
        rules = {f["rule"] for f in o["findings"]}
        assert {"missing-section", "stale-formulation", "sum-mismatch", "placeholder"} <= rules


def test_positions_point_into_the_original_txt(objs):
    text = open(EXAMPLE_TXT, encoding="utf-8").read()
    o = objs[0]
    for item in o["headings"] + o["claims"] + [f for f in o["findings"] if f["start"] is not None]:
        assert text[item["start"]:item["end"]] == item["text"]
        assert text.count("\n", 0, item["start"]) + 1 == item["line"]


def test_positions_in_traditional_text(tmp_path):
    p = tmp_path / "t.txt"
    p.write_text("教育局2020年度法治建設報告\n一、主要舉措和成效\n清遠(yuǎn)市全年檢查12次，深入學習黨的以及黨的二中全會精神。\n", encoding="utf-8")
    o = json.loads(run("check", "--format", "json", str(p)).stdout)
    text = p.read_text(encoding="utf-8")
    assert o["script"] == "traditional"
    c = o["claims"][0]
    assert text[c["start"]:c["end"]] == "12次" == c["text"]
    f = next(f for f in o["findings"] if f["rule"] == "broken-formulation")
    assert text[f["start"]:f["end"]] == f["text"] and "黨的以及" in f["text"]


def test_select_ignore_and_config(tmp_path):
    r = run("check", "--format", "json", "--select", "RN2", str(EXAMPLE_TXT))
    assert {f["code"][:3] for f in json.loads(r.stdout)["findings"]} == {"RN2"}
    r = run("check", "--format", "json", "--ignore", "RN101,placeholder", str(EXAMPLE_TXT))
    codes = {f["code"] for f in json.loads(r.stdout)["findings"]}
    assert "RN101" not in codes and "RN304" not in codes and "RN201" in codes
    (tmp_path / "reportnlp.toml").write_text('[tool.reportnlp]\nselect = ["RN304"]\n', encoding="utf-8")
    r = run("check", "--format", "json", str(EXAMPLE_TXT), cwd=tmp_path)
    assert {f["code"] for f in json.loads(r.stdout)["findings"]} == {"RN304"}


def test_fail_on_levels(tmp_path):
    p = tmp_path / "w.txt"
    p.write_text("安远县教育局2024年度法治政府建设情况报告\n一、主要举措和成效\n全年检查12次。\n二、存在的不足和原因\n一是力量不足。\n"
                 "三、党政主要负责人履行推进法治建设第一责任人职责情况\n局长带头学法。\n四、2025年工作安排\n一是深化普法，推动工作法制化、规范化。\n",
                 encoding="utf-8")
    assert run("check", str(p)).returncode == 0  # only an info finding
    assert run("check", "--fail-on", "info", str(p)).returncode == 1
    assert run("check", "--fail-on", "nonsense", str(p)).returncode == 2


def test_rules_and_explain():
    r = run("rules")
    assert r.returncode == 0 and "RN101" in r.stdout and "RN310" in r.stdout
    r = run("explain", "RN201")
    assert r.returncode == 0 and "问题示例" in r.stdout and "推荐写法" in r.stdout
    assert run("explain", "RN999").returncode == 2
