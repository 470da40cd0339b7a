"""The code table (domain/data/rules.yaml): unique names, one row per rule module, and each rule's
examples run (LanguageTool-style): every `flag` text raises the rule, no `ok` text does."""
import pytest

from reportnlp.check.registry import all_rules, code_table, explain, find_rule, rule_table_markdown
from reportnlp.config import Config
from reportnlp.pipeline import analyse_source
from reportnlp.read import Source


def _run(code: str, text: str, ex: dict, tmp_path, rows_key: str):
    data = None
    if ex.get("data") or ex.get(rows_key):
        from reportnlp.datasets import load_data

        csv = tmp_path / "data.csv"
        if ex.get(rows_key):
            csv.write_text("单位名称,年度,指标,数值,单位\n" + "".join(",".join(map(str, r)) + "\n" for r in ex[rows_key]),
                           encoding="utf-8")
        else:
            csv.write_text("指标,数值,单位\n" + "".join(",".join(map(str, r)) + "\n" for r in ex["data"]), encoding="utf-8")
        data = load_data(str(csv))
    if ex.get("repeat_last_line"):  # a document-level rule needs a report of some length
        text = text + ("\n" + text.rsplit("\n", 1)[-1]) * ex["repeat_last_line"]
    src = Source(path=str(tmp_path / "example.txt"), format="txt", text=text)
    cfg = Config(select=[code], year=ex.get("year", 2024), show_unmatched=ex.get("show_unmatched", False))
    return [f for f in analyse_source(src, config=cfg, data=data).findings if f.code == code]


def _examples():
    for code, spec in code_table().items():
        for i, text in enumerate(spec.examples.get("flag", [])):
            yield pytest.param(code, text, True, id=f"{code}-flag-{i}")
        for i, text in enumerate(spec.examples.get("ok", [])):
            yield pytest.param(code, text, False, id=f"{code}-ok-{i}")


@pytest.mark.parametrize("code,text,flag", list(_examples()))
def test_rule_examples(code, text, flag, tmp_path):
    ex = code_table()[code].examples
    got = _run(code, text, ex, tmp_path, "data_rows" if flag else "ok_data_rows")
    if flag:
        assert got, f"{code} should flag: {text}"
    else:
        assert not got, f"{code} should not flag: {text} -> {[f.message for f in got]}"


def test_table_and_modules_agree():
    rules = all_rules()
    table = code_table()
    assert set(rules) == {c for c, s in table.items() if not s.builtin}
    names = [s.name for s in table.values()]
    assert len(names) == len(set(names))
    for code, spec in table.items():
        if not spec.builtin:
            assert spec.examples.get("flag") and spec.examples.get("ok"), code
            assert find_rule(spec.name) is rules[code] and find_rule(code.lower()) is rules[code]
            assert spec.summary in explain(rules[code]) and spec.advice in explain(rules[code])


def test_readme_rule_table_is_generated():
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    assert rule_table_markdown() in readme, "README rule table is stale: run `python scripts/gen_docs.py`"


def test_a_rule_that_raises_leaves_one_finding_and_the_others_run(monkeypatch, tmp_path):
    rules = all_rules()

    def boom(rep):
        raise IndexError("boom")

    monkeypatch.setattr(rules["RN304"], "check", boom)
    src = Source(path=str(tmp_path / "a.txt"), format="txt",
                 text="20__年，全年共作出行政许可决定1547项，其中认定教师资格1510项、民办学校办学许可39项。")
    rep = analyse_source(src, config=Config(year=2024))
    codes = [f.code for f in rep.findings]
    assert codes.count("RN001") == 1 and "RN201" in codes and "RN304" not in codes
    f = next(f for f in rep.findings if f.code == "RN001")
    assert "RN304" in f.message and "Traceback" not in f.message
