"""One fixture file per rule (tests/fixtures/rules/RNxxx.yml), run by this single runner.

A case gives `text` (or `text_repeat: [head, line, n]`), optional `year`, and what the rule
must find: `expect` (the exact flagged words, in order), `count`, or `sections` (RN101); optional
`severity` that every finding of the rule must carry.
"""
from pathlib import Path

import pytest
import yaml

from reportnlp.check.registry import all_rules
from reportnlp.config import Config
from reportnlp.pipeline import analyse_source
from reportnlp.read import Source

FIXTURES = Path(__file__).parent / "fixtures" / "rules"


def cases():
    for path in sorted(FIXTURES.glob("RN*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for i, case in enumerate(data["cases"]):
            yield pytest.param(data["rule"], case, id=f"{data['rule']}-{i}-{case.get('name', '')[:30]}")


def test_every_rule_has_fixtures():
    have = {p.stem for p in FIXTURES.glob("RN*.yml")}
    missing = sorted(set(all_rules()) - have)
    assert not missing, f"rules without fixtures: {missing}"


def test_every_rule_documented():
    from reportnlp.check.registry import code_table

    for code, rule in all_rules().items():
        spec = code_table()[code]
        assert spec.problem and spec.advice, code  # 问题示例 / 推荐写法 live in the code table only
        assert "问题示例" not in (rule.__class__.__doc__ or ""), f"{code}: examples belong in rules.yaml"
        assert rule.description and rule.name and rule.severity in ("error", "warning", "info")


@pytest.mark.parametrize("code,case", list(cases()))
def test_rule_fixture(code, case, tmp_path):
    if "text_repeat" in case:
        head, line, n = case["text_repeat"]
        text = head.replace("\\n", "\n") + line.replace("\\n", "\n") * n
    else:
        text = case["text"]
    src = Source(path=str(tmp_path / "case.txt"), format="txt", text=text)
    cfg = Config(select=[code], year=case.get("year", 2024), show_unmatched=case.get("show_unmatched", False))
    data = None
    if "data" in case:
        from reportnlp.datasets import load_data

        csv = tmp_path / "data.csv"
        csv.write_text("指标,数值,单位\n" + "".join(f"{m},{v},{u}\n" for m, v, u in case["data"]), encoding="utf-8")
        data = load_data(str(csv))
    if "data_rows" in case:  # rows with org and year
        from reportnlp.datasets import load_data

        csv = tmp_path / "data.csv"
        csv.write_text("单位名称,年度,指标,数值,单位\n" + "".join(",".join(map(str, r)) + "\n" for r in case["data_rows"]),
                       encoding="utf-8")
        data = load_data(str(csv))
    rep = analyse_source(src, config=cfg, data=data)
    found = [f for f in rep.findings if f.code == code]
    if "sections" in case:
        assert sorted(f.extra.get("section") for f in found) == sorted(case["sections"])
    if "severity" in case:
        assert {f.severity for f in found} == {case["severity"]}, [f.message for f in found]
    if "count" in case:
        assert len(found) == case["count"], [f.message for f in found]
    if "expect" in case:
        got = [rep.span(f.nstart, f.nend, f.ostart, f.oend)["text"] for f in found]
        assert got == [str(x) for x in case["expect"]], [f.message for f in found]
        for f in found:
            assert f.message and any("\u4e00" <= ch <= "\u9fff" for ch in f.message)
