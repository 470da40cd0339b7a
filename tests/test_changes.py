"""Stated changes (RN208): the one computation, last year's figures from a report or the data,
the JSON view, and the draft's 同比 phrases checked by the same rule."""
import json
import random
import subprocess
import sys

import pytest

from reportnlp.check.relations.change import vocabulary
from reportnlp.check.relations.change import ChangeCheck, change_phrase, compute_change
from reportnlp.numbers import round_half_up
from reportnlp.config import Config
from reportnlp.datasets import load_data
from reportnlp.pipeline import analyse_source
from reportnlp.read import Source
from reportnlp.report.jsonout import to_dict


def _analyse(text, tmp_path, name="r.txt", **cfg):
    cfg.setdefault("year", 2024)
    return analyse_source(Source(path=str(tmp_path / name), format="txt", text=text), config=Config(**cfg))


def _changes(rep):
    return [c for c in rep.checks if c.kind == "change"]


def test_compute_change():
    ch = compute_change(412, 449)
    assert ch.delta == 37 and round(ch.rate, 2) == 8.98 and round(ch.multiple, 3) == 1.090
    assert compute_change(0, 5).rate is None
    assert round_half_up(128.7878, 2) == 128.79 and round_half_up(-2.25, 1) == -2.3


def test_change_phrase_passes_rn208_by_construction(tmp_path):
    rnd = random.Random(20)
    pairs = [(rnd.randint(5, 3000), rnd.randint(5, 3000)) for _ in range(25)]
    pairs += [(round(rnd.uniform(10, 900), 2), round(rnd.uniform(10, 900), 2)) for _ in range(10)]
    text = []
    for prev, cur in pairs:
        unit = "万元" if isinstance(prev, float) else "件"
        phrase = change_phrase(prev, cur, unit)
        if phrase:
            cur_s = f"{cur:.2f}" if unit == "万元" else str(cur)
            text.append(f"全年办理{cur_s}{unit}，{phrase}。")
    rep = _analyse("\n".join(text), tmp_path)
    checks = _changes(rep)
    assert len(checks) == len(text)  # the rate, from the figure and the stated change
    assert all(c.verdict == "consistent" for c in checks), [(c.stated_text, c.computed) for c in checks
                                                          if c.verdict != "consistent"]
    assert not [f for f in rep.findings if f.code == "RN208"]


def test_previous_report_gives_last_years_figures(tmp_path):
    last = analyse_source(Source(path=str(tmp_path / "last.txt"), format="txt", text=(
        "某县市场监督管理局2023年度法治政府建设情况报告\n一、主要举措和成效\n"
        "全年共开展行政检查412次，作出行政处罚决定128件，罚没款215.6万元。\n")))
    text = ("某县市场监督管理局2024年度法治政府建设情况报告\n一、主要举措和成效\n"
            "全年共开展行政检查449次，同比增长9%；作出行政处罚决定152件，同比增长25%；罚没款230.1万元，同比增长6.7%。\n")
    rep = analyse_source(Source(path=str(tmp_path / "this.txt"), format="txt", text=text),
                         config=Config(select=["RN208"], previous=last))
    got = {c.stated_text: c for c in _changes(rep)}
    assert got["9%"].verdict == "consistent" and got["6.7%"].verdict == "consistent"
    assert got["25%"].verdict == "inconsistent" and got["25%"].previous_source == "previous_report"
    f = [f for f in rep.findings if f.code == "RN208"]
    assert len(f) == 1 and f[0].severity == "warning" and "18.8%" in f[0].message and "last.txt" in f[0].message
    # a report of another year is not last year's
    old = analyse_source(Source(path=str(tmp_path / "old.txt"), format="txt",
                                text=last.source.text.replace("2023年度", "2021年度")))
    rep2 = analyse_source(Source(path=str(tmp_path / "this.txt"), format="txt", text=text),
                          config=Config(select=["RN208"], previous=old))
    assert _changes(rep2) == []
    # 环比 never compares with last year's report
    rep3 = analyse_source(Source(path=str(tmp_path / "this.txt"), format="txt",
                                 text=text.replace("同比增长25%", "环比增长25%")),
                          config=Config(select=["RN208"], previous=last))
    assert "25%" not in {c.stated_text for c in _changes(rep3)}


def test_previous_year_data_rows(tmp_path):
    csv = tmp_path / "data.csv"
    csv.write_text("单位名称,年度,指标,数值,单位\n某县教育局,2024,行政检查,76,次\n某县教育局,2023,行政检查,64,次\n"
                   "某县教育局,2023,资助资金,7950000,元\n某县教育局,2024,资助资金,8564200,元\n", encoding="utf-8")
    rows = load_data(str(csv))
    text = ("某县教育局2024年度法治政府建设情况报告\n一、主要举措和成效\n"
            "全年共开展行政检查76次，同比增长12.5%。发放学生资助资金856.42万元，同比增长7.7%。\n")
    rep = analyse_source(Source(path=str(tmp_path / "r.txt"), format="txt", text=text),
                         config=Config(select=["RN208"]), data=rows)
    got = {c.stated_text: c for c in _changes(rep)}
    assert got["12.5%"].verdict == "inconsistent" and got["12.5%"].previous_source == "data"
    assert "第3行" in got["12.5%"].previous_where
    assert got["7.7%"].verdict == "consistent"
    assert [f.severity for f in rep.findings if f.code == "RN208"] == ["warning"]


def test_json_view(tmp_path):
    rep = _analyse("全年受理信访事项449件，比上年的412件增加37件，同比增长12.5%。发放资金1200.35万元，比上年增加156.13万元。",
                   tmp_path)
    d = to_dict(rep)
    ch = [c for c in d["checks"] if c["kind"] == "change"]
    assert {c["stated"] for c in ch} == {"delta", "rate"}
    rate = next(c for c in ch if c["stated"] == "rate")
    assert rate["verdict"] == "inconsistent" and rate["previous"] == 412 and rate["current"] == 449
    assert not any(k.endswith("_claim") for c in ch for k in c)
    json.dumps(d, ensure_ascii=False)
    assert all(isinstance(c, ChangeCheck) for c in _changes(rep))
    f = next(f for f in d["findings"] if f["code"] == "RN208")
    assert f["rule"] == "change-mismatch" and f["text"] == "12.5%" and "9.0%" in f["message"]


def test_vocabulary_is_checked(tmp_path, monkeypatch):
    from reportnlp import domain
    from reportnlp.domain import DomainDataError

    with pytest.raises(DomainDataError, match="source"):
        domain.validate("changes", {k: {"words": ["增长"]} for k in vocabulary.KEYS})
    assert vocabulary.vocabulary()["increase"]



def test_draft_phrases_are_checked_and_traced(tmp_path):
    from reportnlp.check.datacheck import select_rows
    from reportnlp.draft.compose import compose

    csv = tmp_path / "d.csv"
    lines = ["单位名称,年度,指标,数值,单位"]
    for year, vals in ((2024, (865, 702, 26, 76, 18, 8564200, 52)), (2023, (729, 721, 24, 81, 19, 10298291.63, 44))):
        for (label, unit), v in zip((("行政许可", "件"), ("教师资格认定", "件"), ("持证执法人员", "人"), ("行政检查", "次"),
                                     ("双随机抽查", "次"), ("资助资金", "元"), ("法治副校长", "人")), vals):
            lines.append(f"青山县教育局,{year},{label},{v},{unit}")
    csv.write_text("\n".join(lines) + "\n", encoding="utf-8")
    rows = load_data(str(csv))
    cur = select_rows(rows, "青山县教育局", 2024)
    prev = [r for r in select_rows(rows, "青山县教育局", 2023) if r.year == 2023]
    d = compose(cur, "青山县教育局", 2024, previous_rows=prev)
    phrases = [t for t in d.trace if t.get("kind") == "change"]
    assert phrases and all(len(t["cells"]) == 2 and all("d.csv" in c for c in t["cells"]) for t in phrases)
    text = d.text()
    assert "比上年增加2人、增长8.3%" in text  # 24 -> 26
    assert "比上年减少173.41万元、下降16.8%" in text  # money written in 万元 as the draft writes it
    assert "教师资格认定702件，比上年" not in text  # never inside a 其中 list
    rep = analyse_source(Source(path=str(tmp_path / "draft.txt"), format="txt", text=text), data=rows)
    ch = _changes(rep)
    assert len(ch) >= len(phrases) and all(c.verdict == "consistent" for c in ch)
    assert [f for f in rep.findings if f.severity == "error"] == []


def test_history_uses_the_same_computation(tmp_path):
    from reportnlp.compare import store

    con = store.connect(str(tmp_path / "r.duckdb"))
    for year, v in ((2022, 66.0), (2023, 151.0), (2024, 151.0)):
        con.execute("INSERT INTO claims VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                    [f"h{year}", "某县司法局", year, 3, f"{int(v)}件", v, "件", "reconsideration", False, v, True])
    rows = store.history(con)
    con.close()
    assert [r["change_pct"] for r in rows] == [None, round_half_up(compute_change(66, 151).rate, 1), 0.0]
    assert rows[1]["change_pct"] == 128.8 and rows[1]["change"] == 85


def test_cli_previous_unreadable(tmp_path):
    rep = tmp_path / "r.txt"
    rep.write_text("全年受理信访事项449件，同比增长9%。\n", encoding="utf-8")
    r = subprocess.run([sys.executable, "-m", "reportnlp.cli", "check", str(rep), "--previous", str(tmp_path / "none.docx")],
                       capture_output=True, text=True, timeout=300)
    assert r.returncode == 2 and "上一年度报告无法读取" in r.stderr and "Traceback" not in r.stderr
