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


def test_square_brackets_in_messages_and_help_are_kept(tmp_path):
    # rich markup must not eat what the user or the message wrote
    r = run("data-labels", "--help")
    assert r.returncode == 0 and "[metrics]" in r.stdout
    missing = tmp_path / "报告[old]"
    r = run("compare", str(missing), "-o", str(tmp_path / "out"))
    assert r.returncode == 2 and "报告[old]" in r.stderr
    data = tmp_path / "d[1].csv"
    data.write_text("单位名称,年度,指标,数值,单位\n甲[局],2025,行政许可,3,件\n", encoding="utf-8")
    r = run("data-labels", str(data))
    assert r.returncode == 0 and "[metrics]" in r.stdout and "d[1].csv" in r.stdout
    for args in (["check", str(tmp_path / "报告[final].docx")], ["check", str(tmp_path / "报告[final].docx"), "--select", "RN2"]):
        r = run(*args)  # the fast path and the full command
        assert r.returncode == 2 and "报告[final].docx" in r.stderr, r.stderr


def test_a_config_file_with_a_syntax_error_is_named_not_ignored(tmp_path):
    (tmp_path / "reportnlp.toml").write_text('select = ["RN201"]\n\n[metrics]\n中心组学法 = 学法次数\n', encoding="utf-8")
    for args in (["check", str(EXAMPLE)], ["check", str(EXAMPLE), "--format", "json"], ["check", str(EXAMPLE), "--select", "RN201"],
                 ["data-labels", str(ROOT / "examples" / "stats_2025.csv")]):
        r = subprocess.run(reportnlp_cmd() + args, capture_output=True, text=True, timeout=300, cwd=tmp_path)
        assert r.returncode == 2, (args, r.stdout[-500:], r.stderr)
        lines = r.stderr.strip().splitlines()
        assert len(lines) == 1 and "reportnlp.toml" in lines[0] and "第4行" in lines[0], (args, r.stderr)
        assert not r.stdout.strip()
    # a value of the wrong kind is named too (a string would be read letter by letter as rule codes)
    (tmp_path / "reportnlp.toml").write_text('# office settings\nselect = "RN201"\n', encoding="utf-8")
    r = subprocess.run(reportnlp_cmd() + ["check", str(EXAMPLE)], capture_output=True, text=True, timeout=300, cwd=tmp_path)
    assert r.returncode == 2 and "reportnlp.toml" in r.stderr and "第2行" in r.stderr and "select" in r.stderr, r.stderr


def test_a_wrong_extension_is_refused_in_one_line(tmp_path):
    pdf = tmp_path / "报告.pdf"
    pdf.write_text(EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")  # a text file named .pdf
    for args, target in ((["check", str(pdf)], None),
                         (["check", str(EXAMPLE), "--annotate", str(tmp_path / "out.pdf")], tmp_path / "out.pdf"),
                         (["check", str(EXAMPLE), "--format", "html", "-o", str(tmp_path / "r.docx")], tmp_path / "r.docx"),
                         (["suggest", str(EXAMPLE), "--annotate", str(tmp_path / "s.txt")], tmp_path / "s.txt"),
                         (["draft", "--data", str(ROOT / "examples" / "stats_2025.csv"), "--org", "青山县教育局",
                           "--year", "2025", "-o", str(tmp_path / "x.txt")], tmp_path / "x.txt")):
        r = run(*args)
        assert r.returncode == 2, (args, r.stderr)
        lines = r.stderr.strip().splitlines()
        assert len(lines) == 1 and "Traceback" not in r.stderr, (args, r.stderr)
        assert (".pdf" in lines[0]) if target is None else (str(target) in lines[0] and ".docx" in lines[0] or ".html" in lines[0])
        assert target is None or not target.exists()
    r = run("check", str(pdf), "--format", "json")  # the fast path says it too
    assert r.returncode == 2 and ".pdf" in r.stderr


def test_last_years_figures_in_to_verify_markers_are_not_claims(tmp_path):
    """A --previous draft quotes last year's figures in 【待核实…】 for someone to check; checking the
    draft must not read them as this year's figures (no false subset/sum error), only the marker."""
    prev = tmp_path / "prev.txt"
    prev.write_text("青山县教育局关于2024年度法治政府建设情况的报告\n一、2024年度推进法治政府建设的主要举措和成效\n"
                    "全年开展行政检查80次，其中专项检查30次、日常检查50次。\n二、2024年度推进法治政府建设存在的不足和原因\n"
                    "一是执法力量不足。\n", encoding="utf-8")
    data = tmp_path / "d.csv"
    data.write_text("单位名称,年度,指标,数值,单位\n青山县教育局,2025,行政检查,70,次\n", encoding="utf-8")
    out = tmp_path / "draft.docx"
    r = run("draft", "--data", str(data), "--org", "青山县教育局", "--year", "2025", "--previous", str(prev), "-o", str(out))
    assert r.returncode == 0, r.stderr
    text = "\n".join(p.text for p in docx.Document(str(out)).paragraphs)
    assert "行政检查70次" in text and "【待核实：原文2024年数值为30次】" in text
    r = run("check", str(out), "--format", "text")
    codes = [ln.split(": ")[1].split()[0] for ln in r.stdout.splitlines() if ": RN" in ln and "[error]" in ln]
    assert codes.count("RN304") == 2 and not [c for c in codes if c.startswith("RN2")], r.stdout  # the two 【待核实】


def test_data_labels_report_reads_in_an_80_column_terminal():
    import os
    import re

    from rich.cells import cell_len

    env = dict(os.environ, TTY_COMPATIBLE="1", NO_COLOR="1", COLUMNS="80")  # what rich sees in an 80-column terminal
    r = subprocess.run(reportnlp_cmd() + ["data-labels", str(ROOT / "examples" / "stats_2025.csv"), "--report",
                                          str(ROOT / "examples" / "report_2025.docx")],
                       capture_output=True, text=True, timeout=300, env=env)
    assert r.returncode == 0, r.stderr
    lines = [re.sub(r"\x1b\[[0-9;]*m", "", ln) for ln in r.stdout.splitlines()]
    assert all(cell_len(ln) <= 80 for ln in lines)
    # each label whole on one line with its value and verdict, the report's figure beside it
    assert any("主要负责人讲法治课次数" in ln and "2次" in ln and "未找到" in ln for ln in lines)
    i = next(k for k, ln in enumerate(lines) if "行政检查 = 76次" in ln)
    assert "不一致" in lines[i] and any("74次" in ln for ln in lines[i + 1:i + 3])


@pytest.fixture(scope="module")
def web_server(tmp_path_factory):
    pytest.importorskip("fastapi")
    import threading
    import time

    import uvicorn

    from reportnlp.web import WebSettings
    from reportnlp.web.app import create_app

    work = tmp_path_factory.mktemp("webwork")
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    srv = uvicorn.Server(uvicorn.Config(create_app(WebSettings(work_dir=str(work))), host="127.0.0.1", port=port,
                                       log_level="warning"))
    t = threading.Thread(target=srv.run, daemon=True)
    t.start()
    for _ in range(1200):
        if srv.started or not t.is_alive():
            break
        time.sleep(0.1)
    assert srv.started
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        srv.should_exit = True
        t.join(timeout=60)


CHROMIUM = __import__("cdp").CHROMIUM


@pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed (.ci/run installs it)")
def test_page_shows_no_earlier_result_after_an_error(web_server, tmp_path):
    """Check tab: a good report, then a refused .pdf; draft tab: a data sheet with the bureau, then one
    without it. After each error the earlier result and its download buttons are gone."""
    from cdp import Browser

    shown = "!document.getElementById('{0}').hidden && document.getElementById('{1}').hasAttribute('href')"
    gone = "document.getElementById('{0}').hidden && !document.getElementById('{1}').hasAttribute('href')"
    err = "document.getElementById('{0}').classList.contains('error') && document.getElementById('{0}').textContent"
    pdf = tmp_path / "报告.pdf"
    pdf.write_text(EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    b = Browser(tmp_path / "profile")
    try:
        b.open(web_server + "/")
        b.choose_file("#check-report", str(ROOT / "examples" / "report_2025.docx"))
        b.eval("document.getElementById('check-submit').click()")
        assert b.wait_for(shown.format("check-result", "dl-annotated"))
        b.choose_file("#check-report", str(pdf))
        b.eval("document.getElementById('check-submit').click()")
        assert b.wait_for(err.format("check-status"))
        assert b.eval(gone.format("check-result", "dl-annotated"))
        assert b.eval("document.getElementById('suggest-btn').hidden")

        b.eval("document.getElementById('tab-btn-draft').click()")
        b.choose_file("#draft-form input[name=data]", str(ROOT / "examples" / "stats_2025.csv"))
        b.eval("""(() => { const f = document.getElementById('draft-form');
                   f.org.value = '青山县教育局'; f.year.value = '2025';
                   document.getElementById('draft-submit').click(); })()""")
        assert b.wait_for(shown.format("draft-result", "dl-draft"))
        b.eval("""(() => { const f = document.getElementById('draft-form');
                   f.org.value = '白石县教育局'; document.getElementById('draft-submit').click(); })()""")
        assert b.wait_for(err.format("draft-status"))
        assert b.eval(gone.format("draft-result", "dl-draft"))
        assert b.eval("document.getElementById('draft-text').textContent") == ""
    finally:
        b.close()
