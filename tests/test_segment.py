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
