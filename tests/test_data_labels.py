"""Data in the bureau's own words: labels the catalogue does not know are matched to the report,
listed when absent, never a reason to refuse the file; drafts use every row.

Five report + data pairs (教育, 市场监管, 司法, 卫健, 人社), written for these tests with made-up
places and numbers after the way such bureaus' published reports word their figures.
"""
import json
import subprocess

import docx
import pandas as pd
import pytest

from conftest import reportnlp_cmd
from reportnlp.check.datacheck import label_infos
from reportnlp.config import Config
from reportnlp.datasets import load_data
from reportnlp.draft.compose import compose
from reportnlp.extract.metrics import resolve_metric
from reportnlp.pipeline import analyse, analyse_source
from reportnlp.read import Source

# (label, value, unit, the report's figure for it — None: the report does not give it)
EDU = ("青禾县教育局", """青禾县教育局2025年度法治政府建设情况报告
县委、县政府：
2025年，我局坚持依法治教，现将有关情况报告如下：
一、2025年度推进法治政府建设的主要举措和成效
（一）深化教育领域“放管服”改革
全年办理民办学校设立、变更审批4件，适龄儿童延缓入学审批17件，均在法定时限内办结。完成民办学校年度检查21所。
（二）规范教育执法
全年开展校园安全专项督导45次，排查校园安全隐患128处，已全部整改到位。联合相关部门取缔无证办学机构6家。
（三）强化青少年法治教育
组织宪法晨读活动52场，开展模拟法庭进校园活动9场。学生资助情况见下表。
项目 | 受助学生（人） | 资金（万元）
家庭经济困难学生生活补助 | 1850 | 231.5
营养改善计划 | 9420 | 
二、2025年度推进法治政府建设存在的不足和原因
一是执法力量不足。二是法治教育形式较为单一。
三、2025年度党政主要负责人履行推进法治建设第一责任人职责情况
局党组理论学习中心组集体学法11次，召开党组会议专题研究法治工作3次，开展领导干部年度述法1次。
四、2026年推进法治政府建设的主要安排
一是深化法治学习。二是规范执法行为。
五、其他需要报告的情况
无。
""", [
    ("民办学校设立、变更审批", 4, "件", "4件"),
    ("适龄儿童延缓入学审批", 17, "件", "17件"),
    ("民办学校年度检查", 21, "所", "21所"),
    ("校园安全专项督导", 45, "次", "45次"),
    ("校园安全隐患排查", 128, "处", "128处"),
    ("取缔无证办学机构", 6, "家", "6家"),
    ("宪法晨读活动", 52, "场", "52场"),
    ("模拟法庭进校园活动", 9, "场", "9场"),
    ("家庭经济困难学生生活补助", 1850, "人", "1850"),
    ("营养改善计划受益学生", 9420, "人", "9420"),
    ("中心组学法", 11, "次", "11次"),
    ("党组会议专题研究法治工作次数", 3, "次", "3次"),
    ("领导干部年度述法", 1, "次", "1次"),
    ("教师法治培训学时", 12, "学时", None),
])

MARKET = ("临川县市场监督管理局", """临川县市场监督管理局2025年度法治政府建设情况报告
一、2025年度推进法治政府建设的主要举措和成效
（一）优化营商环境
全年新登记市场主体3480户，办理信用修复65户。
（二）守牢安全底线
完成食品安全监督抽检1260批次，对抽检不合格食品核查处置23批次。开展特种设备安全检查，检查设备310台。强制检定计量器具5400台。
（三）严格规范执法
查办价格违法案件14件，行政约谈企业37家。全年受理12315投诉举报2260件，为消费者挽回经济损失86.4万元。各领域办案情况如下：
执法领域 | 案件数（件） | 罚没款（万元）
食品安全 | 42 | 56.3
药品医疗器械 | 11 | 8.9
二、2025年度推进法治政府建设存在的不足和原因
基层执法力量仍显薄弱。
三、2025年度党政主要负责人履行推进法治建设第一责任人职责情况
局党组书记带头讲法治课，局党组理论学习中心组专题学法6次。
四、2026年推进法治政府建设的主要安排
持续深化包容审慎监管。
""", [
    ("新登记市场主体", 3480, "户", "3480户"),
    ("信用修复", 65, "户", "65户"),
    ("食品安全监督抽检", 1260, "批次", "1260批次"),
    ("抽检不合格食品核查处置", 23, "批次", "23批次"),
    ("特种设备安全检查", 310, "台", "310台"),
    ("计量器具强制检定", 5400, "台", "5400台"),
    ("查办价格违法案件", 14, "件", "14件"),
    ("行政约谈企业", 37, "家", "37家"),
    ("12315投诉举报受理", 2260, "件", "2260件"),
    ("为消费者挽回经济损失", 864000, "元", "86.4万元"),
    ("食品安全案件", 42, "件", "42"),
    ("药品医疗器械案件罚没款", 8.9, "万元", "8.9"),
    ("党组理论学习中心组专题学法", 6, "次", "6次"),
])

JUSTICE = ("东岭县司法局", """东岭县司法局2025年度法治政府建设情况报告
一、2025年度推进法治政府建设的主要举措和成效
（一）化解矛盾纠纷
全县人民调解组织调解矛盾纠纷1385件，调解成功1362件。受理法律援助案件296件。
（二）加强特殊人群管理
在册社区矫正对象158人，刑满释放人员衔接率100%。
（三）提升法律服务
出具公证文书2140件，评查行政执法案卷120份，对镇街合同开展合法性审查86份。组织普法讲师团宣讲64场。
二、2025年度推进法治政府建设存在的不足和原因
公共法律服务资源分布不均。
三、2025年度党政主要负责人履行推进法治建设第一责任人职责情况
局党组理论学习中心组专题学法9次。
四、2026年推进法治政府建设的主要安排
深化公共法律服务体系建设。
""", [
    ("人民调解组织调解矛盾纠纷", 1385, "件", "1385件"),
    ("调解成功", 1362, "件", "1362件"),
    ("法律援助案件受理", 296, "件", "296件"),
    ("在册社区矫正对象", 158, "人", "158人"),
    ("刑满释放人员衔接率", 100, "%", "100%"),
    ("公证文书出具", 2140, "件", "2140件"),
    ("行政执法案卷评查", 120, "份", "120份"),
    ("镇街合同合法性审查", 86, "份", "86份"),
    ("普法讲师团宣讲", 64, "场", "64场"),
    ("“法律明白人”培养", 420, "人", None),
    ("党组理论学习中心组专题学法", 9, "次", "9次"),
])

HEALTH = ("南坪县卫生健康局", """南坪县卫生健康局2025年度法治政府建设情况报告
一、2025年度推进法治政府建设的主要举措和成效
（一）优化审批服务
全年办理公共场所卫生许可212件，完成医疗机构执业校验87家，办理医师护士执业注册640人。
（二）强化卫生监督
开展传染病防治监督检查156户次，职业卫生监督检查48家，生活饮用水卫生监督抽检水样64份。全年立案查处卫生行政处罚案件73件。
（三）化解医患矛盾
调处医疗纠纷31件，法律顾问审查合同95份。
（四）开展健康普法
项目 | 场次（场） | 参与（人次）
健康科普讲座 | 38 | 2900
二、2025年度推进法治政府建设存在的不足和原因
卫生监督执法人员不足。
三、2025年度党政主要负责人履行推进法治建设第一责任人职责情况
召开党组会议专题研究法治建设工作4次。
四、2026年推进法治政府建设的主要安排
加强卫生健康执法队伍建设。
""", [
    ("公共场所卫生许可", 212, "件", "212件"),
    ("医疗机构执业校验", 87, "家", "87家"),
    ("医师护士执业注册", 640, "人", "640人"),
    ("传染病防治监督检查", 156, "户次", "156户次"),
    ("职业卫生监督检查", 48, "家", "48家"),
    ("生活饮用水卫生监督抽检", 64, "份", "64份"),
    ("卫生行政处罚案件", 73, "件", "73件"),
    ("医疗纠纷调解", 31, "件", "31件"),
    ("法律顾问审查合同", 95, "份", "95份"),
    ("健康科普讲座", 38, "场", "38"),
    ("健康科普讲座参与", 2900, "人次", "2900"),
])

LABOUR = ("西河县人力资源和社会保障局", """西河县人力资源和社会保障局2025年度法治政府建设情况报告
一、2025年度推进法治政府建设的主要举措和成效
（一）维护劳动者权益
劳动保障监察立案27件，为农民工追发工资1268.5万元。受理劳动人事争议仲裁案件412件，仲裁结案率96.8%。
（二）规范人社执法
对人力资源服务机构开展专项检查34家，开展社会保险待遇稽核8600人次，审查备案集体合同46份。
（三）促进就业创业
开展补贴性职业技能培训3150人次。
二、2025年度推进法治政府建设存在的不足和原因
劳动关系矛盾化解压力较大。
三、2025年度党政主要负责人履行推进法治建设第一责任人职责情况
局党委理论学习中心组学法8次。
四、2026年推进法治政府建设的主要安排
深入推进根治欠薪。
""", [
    ("劳动保障监察立案数", 27, "件", "27件"),
    ("追发农民工工资", 12685000, "元", "1268.5万元"),
    ("劳动人事争议仲裁案件受理", 412, "件", "412件"),
    ("仲裁结案率", 96.8, "%", "96.8%"),
    ("人力资源服务机构专项检查", 34, "家", "34家"),
    ("社会保险待遇稽核", 8600, "人次", "8600人次"),
    ("集体合同审查备案", 46, "份", "46份"),
    ("补贴性职业技能培训", 3150, "人次", "3150人次"),
    ("局党委理论学习中心组学法", 8, "次", "8次"),
    ("根治欠薪线索核查", 53, "条", None),
])

PAIRS = {"教育": EDU, "市场监管": MARKET, "司法": JUSTICE, "卫健": HEALTH, "人社": LABOUR}


def test_forty_labels_outside_the_catalogue():
    labels = [r[0] for _org, _text, rows in PAIRS.values() for r in rows]
    unknown = [lab for lab in labels if resolve_metric(lab) is None]
    assert len(unknown) >= 40, [lab for lab in labels if lab not in unknown]


def write_data(path, org, rows, form, year=2025):
    """Long form (one figure a row) or wide form (one column a label, unit in brackets)."""
    if form == "long":
        df = pd.DataFrame([{"单位名称": org, "年度": year, "指标": m, "数值": v, "计量单位": u} for m, v, u, _t in rows])
    else:
        df = pd.DataFrame([{"单位名称": org, "年度": year, **{f"{m}({u})": v for m, v, u, _t in rows}}])
    if path.suffix == ".xlsx":
        df.to_excel(path, index=False)
    else:
        df.to_csv(path, index=False)
    return path


def check(text, data, **kw):
    return analyse_source(Source(path="r.txt", format="txt", text=text), config=Config(**kw), data=data)


FORMS = [("long", ".csv"), ("wide", ".xlsx"), ("long", ".xlsx"), ("wide", ".csv")]


@pytest.mark.parametrize("bureau", list(PAIRS))
@pytest.mark.parametrize("form,ext", FORMS)
def test_every_row_matched_to_its_figure_or_listed(tmp_path, bureau, form, ext):
    org, text, rows = PAIRS[bureau]
    data = load_data(str(write_data(tmp_path / f"d{ext}", org, rows, form)))
    assert len(data) == len(rows)  # nothing rejected, nothing skipped
    rep = check(text, data)
    assert rep.meta.org == org and len(rep.data_rows) == len(rows)
    infos = {i.label: i for i in label_infos(rep.data_rows, rep)}
    for label, _v, _u, figure in rows:
        i = infos[label]
        if figure is None:
            assert i.verdict == "未找到", (label, i)
        else:
            assert (i.verdict, i.report_text) == ("一致", figure), (label, i)
    codes = [f.code for f in rep.findings if f.code.startswith("RN40")]
    assert codes == ["RN402"] * sum(1 for r in rows if r[3] is None), [f.message for f in rep.findings]
    for f in rep.findings:
        if f.code == "RN402":
            assert "在报告中找不到对应表述" in f.message and "第" in f.message


# one value changed in each pair: (label, new value, the report's figure that must be flagged)
PLANTED = {"教育": ("适龄儿童延缓入学审批", 19, "17件"), "市场监管": ("食品安全监督抽检", 1206, "1260批次"),
           "司法": ("在册社区矫正对象", 185, "158人"), "卫健": ("健康科普讲座", 36, "38"),
           "人社": ("追发农民工工资", 12865000, "1268.5万元")}


@pytest.mark.parametrize("bureau", list(PAIRS))
def test_planted_disagreement_is_the_one_mismatch(tmp_path, bureau):
    org, text, rows = PAIRS[bureau]
    label, new, figure = PLANTED[bureau]
    changed = [(m, new if m == label else v, u, t) for m, v, u, t in rows]
    rep = check(text, load_data(str(write_data(tmp_path / "d.csv", org, changed, "long"))))
    mism = [f for f in rep.findings if f.code in ("RN401", "RN403")]
    assert [f.code for f in mism] == ["RN401"], [f.message for f in mism]
    assert rep.span(mism[0].nstart, mism[0].nend)["text"] == figure
    assert f"“{label}”" in mism[0].message


def test_labels_with_list_commas_are_quoted_one_by_one(tmp_path):
    org, text, rows = EDU
    rows = rows + [("民办学校分立、合并，终止审批", 2, "件", None)]
    rep = check(text, load_data(str(write_data(tmp_path / "d.csv", org, rows, "long"))))
    msg = next(f.message for f in rep.findings if f.code == "RN402" and "分立" in f.message)
    assert "“民办学校分立”“合并”“终止审批”" in msg


@pytest.mark.parametrize("bureau", list(PAIRS))
def test_draft_uses_every_row_and_passes_its_own_check(tmp_path, bureau):
    org, _text, rows = PAIRS[bureau]
    data = load_data(str(write_data(tmp_path / "d.xlsx", org, rows, "long")))
    d = compose(data, org, 2025)
    assert len(d.rows) == len(rows) and all("text" in t for t in d.rows), [t for t in d.rows if "text" not in t]
    rep = check(d.text(), data)
    assert rep.missing == []
    assert [f.message for f in rep.findings if f.severity == "error"] == []
    assert [f for f in rep.findings if f.code in ("RN401", "RN402", "RN403")] == []
    assert all(i.verdict == "一致" for i in label_infos(rep.data_rows, rep))


def test_draft_places_rows_by_their_words_and_writes_parts_under_the_total(tmp_path):
    org = "青禾县教育局"
    rows = [("行政检查", 60, "次", ""), ("专项检查", 22, "次", ""), ("日常巡查", 30, "次", ""),
            ("中心组学法", 10, "次", ""), ("党组会议专题研究法治工作", 3, "次", ""), ("领导干部述法", 1, "次", ""),
            ("民办学校设立、变更审批", 3, "件", ""), ("食堂满意度测评", 2, "次", ""),
            ("校外培训机构检查", 40, "次", ""), ("其中：无证机构检查", 12, "次", "")]
    data = load_data(str(write_data(tmp_path / "d.csv", org, rows, "long")))
    d = compose(data, org, 2025)
    text = d.text()
    first_resp = text.split("三、")[1].split("四、")[0]
    measures = text.split("二、")[0]
    assert "中心组学法10次" in first_resp and "党组会议专题研究法治工作3次" in first_resp and "述法1次" in first_resp
    assert "行政检查60次，其中" in measures and "专项检查22次" in measures and "日常巡查30次" in measures
    assert "校外培训机构检查40次，其中无证机构检查12次" in measures
    assert "民办学校设立、变更审批3件" in measures.split("规范行政审批服务")[1]
    assert "食堂满意度测评2次" in measures
    assert text.count("专项检查22次") == 1
    rep = check(text, data)
    assert [f for f in rep.findings if f.code in ("RN401", "RN402", "RN403") or f.severity == "error"] == []


def test_table_figure_counts_as_mentioned(tmp_path):
    text = ("某县教育局2025年度法治政府建设情况报告\n一、2025年度推进法治政府建设的主要举措和成效\n执法情况如下：\n"
            "项目 | 2024年 | 2025年\n行政检查（次） | 70 | 76\n法治副校长（人） | 50 | 52\n")
    data = load_data(str(write_data(tmp_path / "d.csv", "某县教育局", [("行政检查", 76, "次", ""), ("法治副校长", 52, "人", "")], "long")))
    rep = check(text, data)
    assert [f.message for f in rep.findings if f.code.startswith("RN40")] == []
    data = load_data(str(write_data(tmp_path / "e.csv", "某县教育局", [("行政检查", 78, "次", ""), ("法治副校长", 52, "人", "")], "long")))
    rep = check(text, data)
    mism = [f for f in rep.findings if f.code == "RN401"]
    assert len(mism) == 1 and rep.span(mism[0].nstart, mism[0].nend)["text"] == "76"


def test_docx_table_rows_matched(tmp_path):
    doc = docx.Document()
    doc.add_paragraph("南坪县卫生健康局2025年度法治政府建设情况报告")
    doc.add_paragraph("一、2025年度推进法治政府建设的主要举措和成效")
    doc.add_paragraph("全年审批服务情况如下。")
    t = doc.add_table(rows=3, cols=2)
    for r, (a, b) in enumerate([("事项", "办件量（件）"), ("公共场所卫生许可", "212"), ("医疗机构执业校验", "87")]):
        t.cell(r, 0).text, t.cell(r, 1).text = a, b
    path = tmp_path / "r.docx"
    doc.save(path)
    data = load_data(str(write_data(tmp_path / "d.csv", "南坪县卫生健康局",
                                    [("公共场所卫生许可", 212, "件", ""), ("医疗机构执业校验", 78, "件", "")], "long")))
    rep = analyse(str(path), data=data)
    mism = [f for f in rep.findings if f.code.startswith("RN40")]
    assert [f.code for f in mism] == ["RN401"] and rep.span(mism[0].nstart, mism[0].nend)["text"] == "87"


def test_data_for_another_org_or_year_is_a_warning(tmp_path):
    org, text, rows = EDU
    data = load_data(str(write_data(tmp_path / "d.csv", "青禾县司法局", rows, "long", year=2024)))
    rep = check(text, data)
    w = [f for f in rep.findings if f.code == "RN405"]
    assert len(w) == 1 and w[0].severity == "warning"
    assert "青禾县司法局" in w[0].message and "2024" in w[0].message and "青禾县教育局" in w[0].message


def run(*args, cwd=None):
    return subprocess.run(reportnlp_cmd() + list(args), capture_output=True, text=True, timeout=300, cwd=cwd)


def test_data_labels_command_and_user_aliases(tmp_path):
    org, text, rows = EDU
    data = write_data(tmp_path / "d.xlsx", org, rows, "long")
    rep = tmp_path / "r.txt"
    rep.write_text(text, encoding="utf-8")
    r = run("data-labels", str(data), "--report", str(rep), cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert "适龄儿童延缓入学审批" in r.stdout and "报告原文" in r.stdout and "本单位自有名称" in r.stdout
    assert "用户别名" not in r.stdout
    (tmp_path / "reportnlp.toml").write_text('[metrics]\n"中心组学法" = "学法次数"\n', encoding="utf-8")
    r = run("data-labels", str(data), cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    line = next(x for x in r.stdout.splitlines() if "中心组学法" in x)
    assert "用户别名" in line and "study_sessions" in line
    r = run("check", str(rep), "--data", str(data), "--format", "json", cwd=tmp_path)
    rec = json.loads(r.stdout.splitlines()[0])
    assert [f["code"] for f in rec["findings"] if f["code"].startswith("RN40")] == ["RN402"]


def test_draft_cli_trace_lists_every_row(tmp_path):
    org, _text, rows = LABOUR
    data = write_data(tmp_path / "d.csv", org, rows + [(rows[0][0], rows[0][1], rows[0][2], None)], "long")
    out = tmp_path / "draft.docx"
    r = run("draft", "--data", str(data), "--org", org, "--year", "2025", "-o", str(out))
    assert r.returncode == 0, r.stderr
    trace = json.loads(out.with_suffix(".trace.json").read_text(encoding="utf-8"))
    assert len(trace["rows"]) == len(rows) + 1
    dropped = [t for t in trace["rows"] if "dropped" in t]
    assert len(dropped) == 1 and "重复" in dropped[0]["dropped"]
    assert any("重复" in n for n in trace["notes"])


def test_draft_from_previous_replaces_or_marks_every_old_number_in_tables_too(tmp_path):
    org, text, _rows = EDU
    prev = tmp_path / "report_2025.txt"
    prev.write_text(text, encoding="utf-8")
    new = [("民办学校设立、变更审批", 5, "件", ""), ("家庭经济困难学生生活补助", 1900, "人", ""),
           ("中心组学法", 12, "次", ""), ("行政检查", 70, "次", ""), ("家长学校法治讲座", 14, "场", "")]
    data = write_data(tmp_path / "d.csv", org, new, "long", year=2026)
    out = tmp_path / "draft_2026.docx"
    r = run("draft", "--data", str(data), "--org", org, "--year", "2026", "--previous", str(prev), "-o", str(out))
    assert r.returncode == 0, r.stderr
    body = "\n".join(p.text for p in docx.Document(out).paragraphs)
    assert "民办学校设立、变更审批5件" in body and "集体学法12次" in body and "行政检查70次" in body
    assert "家长学校法治讲座14场" in body
    assert "家庭经济困难学生生活补助 | 1900 |" in body  # a table cell keeps its bare form
    assert "【待核实：原文2025年数值为231.5】" in body and "【待核实：原文2025年数值为9420】" in body
    assert "【待核实：原文2025年数值为17件】" in body
    import re

    left = re.sub(r"【待核实[^】]*】", "", body)
    for old in ("17件", "21所", "128处", "9420", "231.5", "3次"):
        assert old not in left, old
    rep = analyse(str(out), data=load_data(str(data)))
    marks = [f for f in rep.findings if f.code == "RN304" and f.severity == "error"]  # not the drafter's own blanks (warnings)
    assert len(marks) == body.count("【待核实")
    assert [f for f in rep.findings if f.code in ("RN401", "RN403")] == []


def test_compare_per_capita_for_every_metric_and_scope_warning(tmp_path):
    d = tmp_path / "reports"
    d.mkdir()
    orgs = ["青禾县教育局", "白水县教育局"]
    for k, org in enumerate(orgs):
        (d / f"{k}.txt").write_text(EDU[1].replace("青禾县教育局", org), encoding="utf-8")
    rows = []
    for k, org in enumerate(orgs[:1]):
        rows += [{"单位名称": org, "年度": 2025, "指标": "学校数", "数值": 40, "单位": "所"},
                 {"单位名称": org, "年度": 2025, "指标": "宪法晨读活动", "数值": 52, "单位": "场"},
                 {"单位名称": org, "年度": 2025, "指标": "追发教师工资", "数值": 120000, "单位": "元"}]
    data = tmp_path / "counties.xlsx"
    pd.DataFrame(rows).to_excel(data, index=False)
    out = tmp_path / "out"
    r = run("compare", str(d), "-o", str(out), "--jobs", "1", "--data", str(data))
    assert r.returncode == 0, r.stderr
    per = pd.read_csv(out / "per_capita.csv")
    mine = per[per["单位"] == "青禾县教育局"]
    assert set(mine["指标"]) >= {"宪法晨读活动", "追发教师工资"}
    row = mine[mine["指标"] == "宪法晨读活动"].iloc[0]
    assert row["口径"] == "每所学校" and row["人均"] == 1.3
    assert "白水县教育局" in r.stderr and "数据中没有" in r.stderr


def test_jieba_loaded_only_when_data_is_given(tmp_path):
    code = ("import sys\nfrom reportnlp.pipeline import analyse\nfrom reportnlp.datasets import load_data\n"
            "analyse('examples/report_2025.txt')\nprint('jieba' in sys.modules)\n"
            "analyse('examples/report_2025.txt', data=load_data('examples/stats_2025.csv'))\nprint('jieba' in sys.modules)\n")
    import sys

    from conftest import ROOT

    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert r.stdout.split() == ["False", "True"], r.stderr


def test_parts_of_parts_are_written_too(tmp_path):
    org = "青禾县教育局"
    rows = [("校外培训机构检查", 40, "次", ""), ("其中：无证机构检查", 12, "次", ""), ("宪法晨读活动", 30, "场", "")]
    wide = pd.DataFrame([{"单位名称": org, "年度": 2025, "行政检查(次)": 90, "其中：专项检查(次)": 50,
                          "专项检查中无证机构检查(次)": 12, "法治讲座(场)": 20}])
    for name, df in (("long.csv", None), ("wide.xlsx", wide)):
        path = tmp_path / name
        if df is None:
            write_data(path, org, rows, "long")
        else:
            df.to_excel(path, index=False)
        data = load_data(str(path))
        d = compose(data, org, 2025)
        assert all("text" in t for t in d.rows), d.rows
        rep = check(d.text(), data)
        assert [f for f in rep.findings if f.code in ("RN401", "RN402", "RN403") or f.severity == "error"] == []
    assert data[1].parent == "行政检查"
