"""What a new user trips over: pytest summary, --select/explain, LLM errors, draft layout, batch outputs."""
import socket
import subprocess
import tomllib

import docx
import duckdb
import pytest

from conftest import ROOT, reportnlp_cmd
from reportnlp.compare import store
from reportnlp.compare.analysis import copy_pairs
from reportnlp.compare.outputs import fmt_amount, write_dashboard, write_xlsx
from reportnlp.draft.compose import compose
from reportnlp.draft.docxwriter import write_docx
from reportnlp.draft.llm import OpenAIPolisher, polish_draft

EXAMPLE = ROOT / "examples" / "report_2025.txt"


def run(*args):
    return subprocess.run(reportnlp_cmd() + list(args), capture_output=True, text=True, timeout=300)


def test_pytest_prints_a_summary_line():
    # the README runs `pytest -q`; a second -q from addopts would hide the "N passed" line
    with open(ROOT / "pyproject.toml", "rb") as fh:
        opts = tomllib.load(fh)["tool"]["pytest"]["ini_options"]
    assert "-q" not in str(opts.get("addopts", "")).split()


def test_unknown_rule_in_select_is_refused():
    r = run("check", str(EXAMPLE), "--select", "RN999")
    assert r.returncode == 2
    assert "RN999" in r.stderr and "RN201" in r.stderr and "Traceback" not in r.stderr
    r = run("check", str(EXAMPLE), "--ignore", "no-such-rule")
    assert r.returncode == 2 and "no-such-rule" in r.stderr
    # names and code prefixes stay accepted
    r = run("check", str(EXAMPLE), "--select", "sum-mismatch", "--format", "text")
    assert r.returncode == 1 and "RN201" in r.stdout and "RN101" not in r.stdout


def test_explain_by_code_and_by_name():
    by_code = run("explain", "RN201")
    by_name = run("explain", "sum-mismatch")
    assert by_code.returncode == 0 and by_code.stdout == by_name.stdout
    lines = by_code.stdout.splitlines()
    assert lines[0] == "RN201 sum-mismatch [error]"  # the level is not eaten as markup
    assert any(line.startswith("问题示例：") for line in lines)  # no stray indentation
    assert not any(line.startswith(" ") for line in lines)
    r = run("explain", "RN999")
    assert r.returncode == 2 and "RN101" in r.stderr


def test_explain_speaks_to_a_civil_servant_not_a_maintainer():
    for code in ("RN301", "RN302", "RN304", "RN305", "RN303", "RN310"):
        out = run("explain", code).stdout
        assert ".yaml" not in out and "corpora/" not in out and "data/" not in out, (code, out)


def _closed_port() -> int:
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def test_llm_server_down_is_said_once_and_template_kept():
    rows = _example_rows()
    d = compose(rows, "青山县教育局", 2025)
    before = [p.text for p in d.paras]
    log = []
    kept = polish_draft(d, OpenAIPolisher(f"http://127.0.0.1:{_closed_port()}/v1", "m", timeout=2), log.append)
    assert kept == 0 and [p.text for p in d.paras] == before
    assert len(log) == 1 and "无法连接" in log[0]


def test_llm_local_without_a_model_says_so(tmp_path):
    out = tmp_path / "d.docx"
    r = run("draft", "--data", str(ROOT / "examples" / "stats_2025.csv"), "--org", "青山县教育局", "--year", "2025",
            "-o", str(out), "--llm", "local", "--model-path", str(tmp_path))
    assert r.returncode == 2 and "没有模型" in r.stderr and "Traceback" not in r.stderr and not out.exists()


def _example_rows():
    from reportnlp.check.datacheck import select_rows
    from reportnlp.datasets import load_data

    return select_rows(load_data(str(ROOT / "examples" / "stats_2025.csv")), "青山县教育局", 2025)


def test_draft_signature_stays_with_the_text_and_date_is_left_to_fill(tmp_path):
    rows = _example_rows()
    d = compose(rows, "青山县教育局", 2025)
    assert d.paras[-1].kind == "signature" and d.paras[-1].text == "2026年\u3000\u3000月\u3000\u3000日"
    assert compose(rows, "青山县教育局", 2025, "2026年1月18日").paras[-1].text == "2026年1月18日"
    path = tmp_path / "d.docx"
    write_docx(d, str(path))
    paras = docx.Document(str(path)).paragraphs
    sig = [i for i, p in enumerate(paras) if p.text in ("青山县教育局", "2026年\u3000\u3000月\u3000\u3000日")]
    assert sig == [len(paras) - 2, len(paras) - 1]
    # the last body paragraph and the org line are kept with what follows: the date never stands alone
    assert paras[sig[0] - 1].paragraph_format.keep_with_next
    assert paras[sig[0]].paragraph_format.keep_with_next
    assert not paras[-1].paragraph_format.keep_with_next


def _rec(org, metrics, file=None):
    return {"file": file or f"{org}.txt", "error": None, "org": org, "year": 2024, "statutory_applicable": True,
            "missing": [], "findings": [], "html": "<p>x</p>", "place": None,
            "metrics": {m: {"value": v, "unit": u, "text": f"{v}{u}"} for m, (v, u) in metrics.items()}}


def test_summary_and_dashboard_units(tmp_path):
    import pandas as pd

    recs = [_rec("甲县教育局", {"fines": (460000.0, "万元"), "penalties": (349, "件")}),
            _rec("乙县教育局", {"fines": (12000.0, "元"), "penalties": (12, "起")})]
    write_xlsx(recs, [], [], [], str(tmp_path / "s.xlsx"))
    df = pd.read_excel(tmp_path / "s.xlsx", sheet_name="指标")
    assert "罚没款（万元）" in df.columns and list(df["罚没款（万元）"]) == [46.0, 1.2]
    assert "行政处罚决定（件）" in df.columns
    page = open(write_dashboard(recs, [], [], [], str(tmp_path)), encoding="utf-8").read()
    assert "349件" in page and "12起" in page and "46.00万元" in page  # each figure in the unit its report used


def test_dashboard_charts_do_not_depend_on_order(tmp_path):
    recs = [_rec(f"{n}县教育局", {m: (i + 1, "件") for m in ("penalties", "licensing", "petitions", "reconsideration",
                                                             "litigation", "inspections", "legal_advisers",
                                                             "normative_documents", "fines")})
            for i, n in enumerate("甲乙丙丁")]
    a = open(write_dashboard(recs, [], [], [], str(tmp_path / "a")), encoding="utf-8").read()
    b = open(write_dashboard(list(reversed(recs)), [], [], [], str(tmp_path / "b")), encoding="utf-8").read()
    charts = lambda page: [c.split("</h3>")[0] for c in page.split("<h3>")[1:]]  # noqa: E731
    assert len(charts(a)) == 8 and charts(a) == charts(b)


def test_copy_pairs_once_per_paragraph_pair():
    text = "我县坚持把法治宣传教育作为基础性工作，组织全县中小学开展宪法晨读、模拟法庭和法治主题班会等活动，覆盖师生数万人次。"
    a = _rec("甲区教育局", {})
    a["paragraphs"] = [{"line": 3, "text": text}, {"line": 9, "text": text}]
    b = _rec("乙县教育局", {})
    b["paragraphs"] = [{"line": 4, "text": text}]
    assert len(copy_pairs([a, b])) == 1


def test_history_shows_last_years_value_with_units(tmp_path):
    con = duckdb.connect(str(tmp_path / "r.duckdb"))
    con.execute(store.SCHEMA)
    for year, v in ((2023, 120.0), (2024, 150.0)):
        con.execute("INSERT INTO claims VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                    [f"r{year}", "甲县教育局", year, 3, f"{int(v)}件", v, "件", "penalties", False, v, True])
        con.execute("INSERT INTO claims VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                    [f"r{year}", "甲县教育局", year, 4, "x", v / 100, "万元", "fines", False, v * 100, True])
    rows = store.history(con)
    con.close()
    pen = [r for r in rows if r["metric"] == "penalties"][-1]
    assert pen["prev_value"] == 120.0 and pen["prev_year"] == 2023 and pen["unit"] == "件"
    assert fmt_amount(pen["value"], pen["unit"]) == "150件"
    fines = [r for r in rows if r["metric"] == "fines"][-1]
    assert fmt_amount(fines["value"], fines["unit"]) == "1.50万元"
    r = run("compare", "--history", str(tmp_path / "r.duckdb"))
    assert r.returncode == 0, r.stderr
    assert "150件" in r.stdout and "120件" in r.stdout and ".00件" not in r.stdout and "1.50万元" in r.stdout


@pytest.mark.parametrize("value,unit,shown", [(46000, "元", "4.60万元"), (3.0, "次", "3次"), (2.5, "万人次", "2.5人次")])
def test_fmt_amount(value, unit, shown):
    assert fmt_amount(value, unit) == shown


def _rows(org, figures):
    from reportnlp.datasets import DataRow

    return [DataRow(metric=m, label=m, value=v, unit=u, org=org, year=2025, where=f"t.csv 第{i + 2}行")
            for i, (m, v, u) in enumerate(figures)]


@pytest.mark.parametrize("org,body,we", [("青山县教育局", "局党组", "我局"), ("青山县人民政府", "政府党组", "我府"),
                                         ("青山县城关镇", "镇党委", "我镇"), ("青山县卫生健康委员会", "委党组", "我委")])
def test_draft_names_the_leading_body_of_the_org(org, body, we):
    d = compose(_rows(org, [("litigation", 2, "件")]), org, 2025)
    text = d.text()
    assert "（党委）" not in text and f"{body}主要负责人" in text and f"{we}办理行政诉讼案件2件" in text


def test_zero_figures_get_their_own_wording():
    org = "青山县教育局"
    d = compose(_rows(org, [("litigation", 0, "件"), ("reconsideration", 3, "件"), ("inspections", 0, "次")]), org, 2025)
    text = d.text()
    assert "0件" not in text and "0次" not in text
    assert "办理行政复议案件3件，均依法答复应诉，未发生行政诉讼案件。" in text
    assert any("为0" in n for n in d.notes) and all(t["text"] for t in d.trace)
    d = compose(_rows(org, [("litigation", 0, "件"), ("reconsideration", 0, "件")]), org, 2025)
    assert "我局未发生行政复议和行政诉讼案件。" in d.text()


def test_a_case_category_is_not_the_metric_it_names():
    from reportnlp.pipeline import analyse_source
    from reportnlp.read import Source

    text = ("青山县司法局关于2025年度法治政府建设情况的报告\n全年办理行政复议案件412件，按类别分，行政处罚类349件、"
            "行政强制类40件、其他类23件。全年作出行政处罚决定58件。\n")
    rep = analyse_source(Source(path="t.txt", format="txt", text=text))
    tagged = {c.text: c.metric for c in rep.claims}
    assert tagged["349件"] != "penalties" and tagged["58件"] == "penalties"


def test_rules_load_once_for_concurrent_callers():
    import subprocess
    import sys

    code = ("import threading; from reportnlp.check import registry as r\n"
            "seen = []\n"
            "ts = [threading.Thread(target=lambda: seen.append(len(r.all_rules()))) for _ in range(8)]\n"
            "[t.start() for t in ts]; [t.join() for t in ts]\n"
            "assert len(set(seen)) == 1 and seen[0] > 10, seen\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
