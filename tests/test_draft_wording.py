"""Drafts a civil servant could hand in (issue 29): sentences that fit the figures' own labels,
every 同比 written, totals with their parts as 其中 lists, shortcomings only from evidence —
measured on the six example sheets of different bureaus (examples/sheets/)."""
import json
import re

import pytest

import reportnlp
from conftest import ROOT
from reportnlp.check.datacheck import select_rows
from reportnlp.datasets import load_data
from reportnlp.draft.wording import classify, leading_action
from reportnlp.extract.labels import clean
from reportnlp.pipeline import analyse

SHEETS = ROOT / "examples" / "sheets"
BUREAUS = [("sifaju_2025.csv", "桐江县司法局"), ("shichang_2025.csv", "石溪县市场监督管理局"),
           ("weijian_2025.xlsx", "青河县卫生健康局"), ("renshe_2025.csv", "云岭县人力资源和社会保障局"),
           ("yingji_2025.xlsx", "安平县应急管理局"), ("xiangzhen_2025.csv", "柳塘镇人民政府")]
BLANK = "【请结合本单位实际填写】"
PREDICATES = ("开展", "办理", "完成", "现有", "组织", "审核", "发放", "下达", "制发", "举办", "查处", "受理")


def _draft(path, org, tmp):
    out = tmp / (path.stem + ".docx")
    d = reportnlp.draft(str(path), org=org, year=2025, output=str(out))
    trace = json.loads(out.with_suffix(".trace.json").read_text(encoding="utf-8"))
    return d, trace, out


@pytest.fixture(scope="module")
def drafts(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("wording")
    out = {}
    for sheet, org in BUREAUS:
        path = SHEETS / sheet
        d, trace, docx = _draft(path, org, tmp)
        out[sheet] = {"org": org, "draft": d, "trace": trace, "docx": docx, "rows": load_data(str(path))}
    return out


def _key(r):
    return r.metric or clean(r.label)


def test_the_issue_labels_take_their_own_predicates(tmp_path):
    """The four sentences of the issue, and a total whose parts close it."""
    sheet = tmp_path / "s.csv"
    sheet.write_text("指标,单位,2025年\n聘任法治副校长,人,486\n整改通知书,份,14\n宪法卫士参与学生,万人,14.8\n"
                     "压减学科类校外培训机构,家,298\n人民调解组织,个,12\n行政检查,次,86\n双随机抽查,次,12\n"
                     "专项检查,次,50\n日常巡查,次,24\n宪法晨读,场,52\n投诉办结率,%,96.5\n", encoding="utf-8")
    d, trace, _ = _draft(sheet, "青山县教育局", tmp_path)
    text = d.text()
    assert "聘任法治副校长486人" in text and "开展聘任" not in text
    assert "下达整改通知书14份" in text
    assert "宪法卫士参与学生达14.8万人" in text and "现有宪法卫士" not in text
    assert "压减学科类校外培训机构298家" in text and "现有压减" not in text and "开展压减" not in text
    assert "截至年底，现有人民调解组织12个" in text and "全年现有" not in text  # a stock at year end, not after 全年
    assert "开展宪法晨读活动52场" in text
    assert "投诉办结率达到96.5%" in text
    assert "其余" not in text  # 12 + 50 + 24 is the whole 86
    kinds = {t["label"]: t.get("sentence") for t in trace["rows"] if "text" in t}
    assert kinds["聘任法治副校长"] == "action" and kinds["整改通知书"] == "document"
    assert kinds["宪法卫士参与学生"] == "participants" and kinds["人民调解组织"] == "stock"
    assert kinds["宪法晨读"] == "activity" and kinds["投诉办结率"] == "rate"


def test_classification_from_words_not_labels():
    assert classify("查办违法案件", "件").verb == "" and classify("行政处罚案件", "件").verb == "查处"
    assert classify("受理投诉举报", "件").verb == "" and classify("投诉举报", "件").verb == "受理"
    assert classify("双随机抽查企业", "家", "开展").kind == "action"  # 企业 is what was inspected, not a stock
    assert classify("生产安全事故", "起").verb == "发生"
    assert classify("出具合法性审查意见书", "份").verb == ""
    assert classify("下发卫生监督意见书", "份").verb == ""


def test_no_verb_before_a_label_that_starts_with_one(drafts):
    for sheet, x in drafts.items():
        text = x["draft"].text()
        for r in select_rows(x["rows"], x["org"], 2025):
            lab = clean(r.label)
            if leading_action(lab):
                bad = [p + lab for p in PREDICATES if p + lab in text and not lab.startswith(p)]
                assert not bad, (sheet, bad)


def test_every_change_possible_is_written(drafts):
    for sheet, x in drafts.items():
        cur = select_rows(x["rows"], x["org"], 2025)
        prev = {}
        for r in select_rows(x["rows"], x["org"], 2024):
            if r.year == 2024:
                prev.setdefault(_key(r), r)
        written = {t["label"] for t in x["trace"]["numbers"] if t.get("kind") == "change"}
        possible = {r.label for r in cur if _key(r) in prev and (prev[_key(r)].unit or "") == (r.unit or "")
                    and prev[_key(r)].value and r.value}
        assert possible <= written, (sheet, possible - written)
        if sheet != "xiangzhen_2025.csv":  # the town's sheet has no last-year column
            assert possible, sheet


def test_closing_totals_are_lists(drafts):
    text = drafts["shichang_2025.csv"]["draft"].text()
    # no 其中 in the sheet: the three rows after the total add up to it
    assert "行政许可办件2315件，其中经营主体登记2187件、食品经营许可53件、药品经营许可75件。" in text
    w = drafts["weijian_2025.xlsx"]["draft"].text()
    assert re.search(r"卫生监督检查2286户次（[^）]+），其中医疗机构540户次", w) and "其余" not in w
    r = drafts["renshe_2025.csv"]["draft"].text()  # 276 + 131 < 465: the list says the rest is elsewhere
    assert "裁决结案131件，其余为其他劳动人事争议仲裁案件。" in r


def test_shortcomings_only_from_evidence(drafts):
    parts = {}
    for sheet, x in drafts.items():
        d = x["draft"]
        body = "".join(p.text for p in d.paras if p.part == "shortcomings" and p.kind == "body")
        assert "外聘法律顾问依赖较多" not in body
        ev = [e for e in d.evidence if e["kind"] == "shortcoming"]
        assert ev or body == BLANK, sheet
        for e in ev:  # each sentence is in the part and rests on data cells of this sheet
            assert e["text"] in body and e["cells"] and all(c.startswith(sheet) or "年度报告" in c
                                                             for c in e["cells"]), e
        parts[sheet] = {s for s in re.split(r"[。；]", body) if s and s != BLANK}
    names = list(parts)
    for i in range(len(names)):
        for j in range(i + 1, len(names)):
            assert not parts[names[i]] & parts[names[j]], (names[i], names[j])
    text = drafts["yingji_2025.xlsx"]["draft"].text()
    assert "仍有部分隐患未整改到位" in text and "隐患整改率为97.5%" in text


def test_next_year_tasks_from_the_period_and_weak_figures(drafts):
    d = drafts["weijian_2025.xlsx"]["draft"]
    body = "".join(p.text for p in d.paras if p.part == "next_year" and p.kind == "body")
    assert "九五" in body and "2021—2025年" in body  # 2026: a new 普法 plan, the 纲要 period closing
    assert "针对医疗机构依法执业自查覆盖率未达100%的情况" in body
    plans = [e for e in d.evidence if e["kind"] == "plan"]
    assert len(plans) >= 3 and all(e.get("basis") for e in plans)


def test_every_draft_passes_its_own_check(drafts):
    for sheet, x in drafts.items():
        rep = analyse(str(x["docx"]), data=x["rows"])
        assert rep.missing == [], sheet
        errors = [(f.code, f.message) for f in rep.findings if f.severity == "error"]
        assert errors == [], (sheet, errors)


def test_suggest_on_a_licensing_report_names_its_type(tmp_path):
    f = tmp_path / "xk.txt"
    f.write_text("石溪县市场监督管理局2025年度行政许可实施情况报告\n根据《行政许可法》要求，现将我局2025年行政许可实施情况报告如下：\n"
                 "一、行政许可事项办理情况\n全年受理行政许可申请2315件，全部办结。\n", encoding="utf-8")
    s = reportnlp.suggest(str(f))
    assert list(s) == [] and "行政许可" in s.status and "不适用" in s.status and "齐全" not in s.status


def test_a_part_missing_from_last_years_report_is_a_shortcoming(tmp_path):
    data = tmp_path / "d.csv"
    data.write_text("单位名称,年度,指标,数值,单位\n青山县教育局,2026,行政检查,90,次\n青山县教育局,2025,行政检查,76,次\n"
                    "青山县教育局,2026,法治讲座,70,场\n青山县教育局,2025,法治讲座,93,场\n", encoding="utf-8")
    d = reportnlp.draft(str(data), org="青山县教育局", year=2026, previous=str(ROOT / "examples" / "report_2025.docx"))
    body = "".join(p.text for p in d.paras if p.part == "shortcomings" and p.kind == "body")
    assert "2025年度报告未单列“第一责任人履职情况”部分" in body
    assert "法治讲座70场，比上年减少23场、下降24.7%" in body  # a decline of work that should grow
    assert "行政检查90次（比上年增加14次、增长18.4%），其中" in d.text()  # 同比 in the carried structure too
    kinds = {e["evidence"] for e in d.evidence if e["kind"] == "shortcoming"}
    assert kinds == {"missing_part", "decline"}


def test_a_lost_case_is_questioned_even_without_last_year(tmp_path):
    sheet = tmp_path / "s.csv"
    sheet.write_text("指标,单位,2025年\n行政诉讼案件,件,6\n行政诉讼败诉案件,件,1\n行政检查,次,40\n", encoding="utf-8")
    d = reportnlp.draft(str(sheet), org="青山县自然资源局", year=2025)
    body = "".join(p.text for p in d.paras if p.part == "shortcomings" and p.kind == "body")
    assert body.startswith("一是发生行政诉讼败诉案件1件，") and "二是" not in body
    assert [e["evidence"] for e in d.evidence if e["kind"] == "shortcoming"] == ["adverse"]
