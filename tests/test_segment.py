"""Segmentation cases (tests/fixtures/segment.yml) and the devset/seed scores as a regression guard."""
import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import reportnlp_cmd
from reportnlp.pipeline import analyse_source
from reportnlp.read import Source

CASES = yaml.safe_load((Path(__file__).parent / "fixtures" / "segment.yml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", CASES, ids=[c["name"][:40] for c in CASES])
def test_segmentation(case):
    rep = analyse_source(Source(path="case.txt", format="txt", text=case["text"]))
    got = [[h.line, h.level, h.canonical] for h in rep.headings]
    assert got == case["headings"]
    assert rep.missing == case["missing"]
    if "year" in case:
        assert rep.meta.year == case["year"]
    if "applicable" in case:
        assert rep.meta.statutory_applicable == case["applicable"]
    for key in ("org", "title", "doc_type", "complete"):
        if key in case:
            assert getattr(rep.meta, key) == case[key], key
    if "inline" in case:  # headings run into a longer line: [line, text]
        assert [[h.line, h.text] for h in rep.headings if h.inline] == case["inline"]
    if "evidence" in case:  # part -> where its decision was read (heading, heading-body, paragraph …)
        got = {s.canonical: s.evidence.source for s in rep.sections}
        for part, source in case["evidence"].items():
            assert got.get(part) == source, (part, got)


def test_json_carries_structure_evidence():
    from reportnlp.report.jsonout import to_dict

    text = ("某县卫生健康局2023年度法治政府建设情况报告\n一、主要举措和成效\n（一）规范监督。检查医院12家。\n"
            "（二）压实法治责任。局党组书记履行推进法治建设第一责任人职责，主持召开党组会专题研究法治工作2次。\n"
            "二、存在的不足和原因\n一是监督员不足。\n三、2024年工作安排\n一是推进智慧监管。\n")
    d = to_dict(analyse_source(Source(path="case.txt", format="txt", text=text)))
    assert {"doc_type", "org", "title", "completeness"} <= set(d["structure_evidence"])
    assert d["org"] is None and "占位符" in d["structure_evidence"]["org"]["cue"]  # 某县… is a placeholder
    fr = [s for s in d["sections"] if s["canonical"] == "first_responsible"]
    assert fr and fr[0]["evidence"]["source"] == "heading-body" and "专题研究" in fr[0]["evidence"]["cues"]
    assert d["missing_sections"] == [] and d["complete"] is True


def test_explain_structure_option(tmp_path):
    f = tmp_path / "r.txt"
    f.write_text("您当前位置:首页 > 政务公开 > 法治政府建设\n某区人力资源和社会保障局2024年法治政府建设情况报告\n"
                 "一、主要举措和成效\n全年办结劳动仲裁案件315件。\n", encoding="utf-8")
    r = subprocess.run([*reportnlp_cmd(), "check", "--format", "text", "--explain-structure", str(f)],
                       capture_output=True, text=True, timeout=120)
    assert "结构判断" in r.stdout and "标题：某区人力资源和社会保障局2024年法治政府建设情况报告" in r.stdout
    assert "单位：（无）" in r.stdout and "占位符" in r.stdout


def _score(shared, args):
    cmd = " ".join(reportnlp_cmd()) + " check --format json"
    r = subprocess.run([sys.executable, str(shared / "tools" / "score.py"), *args, "--cmd", cmd, "--quiet"],
                       capture_output=True, text=True, timeout=600)
    line = [x for x in r.stdout.splitlines() if x.startswith("SCORE ")][-1]
    return json.loads(line[6:])


def test_seed_scores(shared_dir):
    s = _score(shared_dir, ["--gold", str(shared_dir / "seeds" / "gold"), "--docs", str(shared_dir / "seeds")])
    assert s["errors"] == 0
    assert s["parts_ok"] == s["parts_n"] and s["missing_ok"] == s["missing_n"]
    assert s["year_ok"] == s["year_n"] and s["script_ok"] == s["docs"]
    assert s["sums_verdict_ok"] == s["sums_n"] and s["sum_false_alarms"] == 0
    assert s["formulation_hits"] == s["formulation_n"] and s["placeholder_hits"] == s["placeholder_n"]
    assert s["artifact_hits"] == s["artifact_n"]


def test_devset_scores(shared_dir):
    d = shared_dir / "devset"
    s = _score(shared_dir, ["--gold", str(d / "gold"), "--docs", str(d / "docs"), "--docx", str(d / "docx")])
    assert s["errors"] == 0 and s["docx_errors"] == 0
    assert s["headings_f1"] >= 0.95 and s["docx_headings_f1"] >= 0.95
    assert s["parts_ok"] == s["parts_n"]
    assert s["claims_f1"] >= 0.95
    assert s["sums_verdict_ok"] == s["sums_n"] and s["mutants_flagged"] == s["mutants_n"]
    assert s["sum_false_alarms"] == 0
    assert s["formulation_hits"] == s["formulation_n"] and s["formulation_false"] <= 1
    assert s["placeholder_hits"] == s["placeholder_n"] and s["artifact_hits"] == s["artifact_n"]
