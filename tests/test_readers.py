"""Readers: .txt encodings, .docx paragraphs/tables/auto-numbering, legacy files."""
import shutil

import pytest

from docxbuild import add_abstract_num, add_num, add_run_in, new_doc, numbered
from reportnlp.errors import ReportError
from reportnlp.pipeline import analyse
from reportnlp.read import read_document

TEXT = "某县教育局2024年度法治政府建设情况报告\n一、主要举措和成效\n全年开展行政检查12次。\n"


@pytest.mark.parametrize("enc,bom", [("utf-8", b""), ("utf-8", b"\xef\xbb\xbf"), ("gb18030", b""), ("gbk", b""),
                                     ("utf-16", b"")])
def test_txt_encodings(tmp_path, enc, bom):
    p = tmp_path / "r.txt"
    p.write_bytes(bom + TEXT.encode(enc))
    src = read_document(str(p))
    assert src.text == TEXT
    rep = analyse(str(p))
    assert rep.meta.year == 2024
    assert [c.value for c in rep.claims] == [12.0]


def test_txt_crlf_positions(tmp_path):
    p = tmp_path / "r.txt"
    p.write_bytes(TEXT.replace("\n", "\r\n").encode("utf-8"))
    rep = analyse(str(p))
    c = rep.claims[0]
    span = rep.span(c.nstart, c.nend)
    assert span["text"] == "12次" and span["line"] == 3


def test_docx_autonumbering_rendered(tmp_path):
    d = new_doc()
    d.add_paragraph("某区教育局2024年法治政府建设年度报告", style="Title")
    add_abstract_num(d, 90, [("chineseCounting", "%1、", 1), ("chineseCounting", "（%2）", 1), ("decimal", "%3.", 1)])
    add_num(d, 90, 90)
    numbered(d.add_paragraph("2024年推进法治政府建设的主要举措和成效", style="Heading 1"), 90, 0)
    numbered(add_run_in(d, "持续深化依法行政。", "全年办理事项582件。"), 90, 1)
    numbered(add_run_in(d, "加强规范性文件管理。", "共清理19件，其中保留14件、修改3件、废止2件。"), 90, 1)
    numbered(d.add_paragraph("细化措施", style="Normal"), 90, 2)
    numbered(d.add_paragraph("存在的不足和原因", style="Heading 1"), 90, 0)
    d.add_paragraph("一是执法力量薄弱。")
    for i in range(9):
        numbered(d.add_paragraph(f"第{i + 3}部分"), 90, 0)
    p = tmp_path / "n.docx"
    d.save(p)
    src = read_document(str(p))
    lines = src.text.split("\n")
    assert lines[1] == "一、2024年推进法治政府建设的主要举措和成效"
    assert lines[2].startswith("（一）持续深化依法行政。")
    assert lines[3].startswith("（二）加强规范性文件管理。")
    assert lines[4] == "1.细化措施"
    assert lines[5] == "二、存在的不足和原因"
    assert lines[-2] == "十一、第11部分"  # text ends with a newline
    rep = analyse(str(p))
    hs = [(rep.span(h.nstart, h.nend)["text"], h.level, h.canonical) for h in rep.headings]
    assert hs[0] == ("一、2024年推进法治政府建设的主要举措和成效", 1, "measures")
    assert hs[1] == ("（一）持续深化依法行政。", 2, None)
    assert ("二、存在的不足和原因", 1, "shortcomings") in hs
    assert any(c.value == 19 for c in rep.claims)
    assert any(ch.kind == "sum" and ch.verdict == "consistent" and ch.json_fields()["total"] == 19 for ch in rep.checks)


def test_docx_numbering_restart_override(tmp_path):
    d = new_doc()
    add_abstract_num(d, 7, [("decimal", "%1.", 1)])
    add_num(d, 7, 7)
    add_num(d, 8, 7, start_overrides={0: 1})
    for t in ("甲项工作", "乙项工作"):
        numbered(d.add_paragraph(t), 7, 0)
    for t in ("丙项工作", "丁项工作"):
        numbered(d.add_paragraph(t), 8, 0)
    p = tmp_path / "o.docx"
    d.save(p)
    assert read_document(str(p)).text.split("\n")[:4] == ["1.甲项工作", "2.乙项工作", "1.丙项工作", "2.丁项工作"]


def test_docx_tables_in_order_merged_once(tmp_path):
    d = new_doc()
    d.add_paragraph("全年共开展行政检查50次。具体情况见下表：")
    t = d.add_table(rows=4, cols=3)
    rows = [("检查类别", "检查次数(次)", "发现问题(个)"), ("专项检查", "20", "4"), ("日常巡查", "30", "6"), ("合计", "50", "10")]
    for r, vals in enumerate(rows):
        for c, v in enumerate(vals):
            t.cell(r, c).text = v
    merged = t.cell(0, 1).merge(t.cell(0, 2))
    merged.text = "检查情况"
    d.add_paragraph("表后文字。")
    p = tmp_path / "t.docx"
    d.save(p)
    lines = read_document(str(p)).text.split("\n")
    assert lines[0].startswith("全年共开展")
    assert lines[1] == "检查类别 | 检查情况"
    assert lines[2] == "专项检查 | 20 | 4"
    assert lines[4] == "合计 | 50 | 10"
    assert lines[5] == "表后文字。"


def test_docx_table_totals_checked(tmp_path):
    d = new_doc()
    t = d.add_table(rows=4, cols=3)
    rows = [("检查类别", "检查次数(次)", "发现问题(个)"), ("专项检查", "20", "4"), ("日常巡查", "30", "6"), ("合计", "50", "11")]
    for r, vals in enumerate(rows):
        for c, v in enumerate(vals):
            t.cell(r, c).text = v
    p = tmp_path / "t.docx"
    d.save(p)
    rep = analyse(str(p))
    verdicts = {ch.json_fields()["total"]: ch.verdict for ch in rep.checks if ch.kind == "sum"}
    assert verdicts == {50.0: "consistent", 11.0: "inconsistent"}
    units = {c.value: c.unit for c in rep.claims if c.in_table}
    assert units[20.0] == "次" and units[4.0] == "个"


def test_docx_bold_run_in_heading(tmp_path):
    d = new_doc()
    d.add_paragraph("某区教育局2023年行政执法工作报告")
    d.add_paragraph("一、工作进展亮点成效")
    add_run_in(d, "1.加强执法队伍建设", "对照各科室职能梳理法定职责组织新增执法人员申领执法证件。")
    p = tmp_path / "b.docx"
    d.save(p)
    rep = analyse(str(p))
    texts = [rep.span(h.nstart, h.nend)["text"] for h in rep.headings]
    assert "1.加强执法队伍建设" in texts


def test_doc_without_libreoffice(tmp_path, monkeypatch):
    from reportnlp.read import legacy

    monkeypatch.setattr(legacy, "find_soffice", lambda: None)
    p = tmp_path / "old.doc"
    p.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    with pytest.raises(ReportError) as ei:
        read_document(str(p))
    assert "LibreOffice" in ei.value.message


@pytest.mark.skipif(not (shutil.which("soffice") or shutil.which("libreoffice")), reason="LibreOffice not installed")
def test_doc_converted_with_libreoffice(tmp_path):
    import subprocess

    d = new_doc()
    d.add_paragraph("某县教育局2023年度法治政府建设情况报告")
    d.add_paragraph("一、主要举措和成效")
    d.add_paragraph("全年开展行政检查12次。")
    src = tmp_path / "r.docx"
    d.save(src)
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    subprocess.run([exe, "--headless", "--convert-to", "doc", "--outdir", str(tmp_path), str(src)],
                   capture_output=True, timeout=180)
    rep = analyse(str(tmp_path / "r.doc"))
    assert rep.source.format == "doc" and rep.meta.year == 2023 and [c.value for c in rep.claims] == [12.0]


def test_page_chrome_lines():
    from reportnlp.segment.chrome import find_chrome

    lines = ["首页 > 政务公开 > 计划总结", "发布时间：2024-02-28 09:12 来源：县教体局 浏览次数：356", "【字体：大 中 小】【打印】",
             "分享：", "分享经验做法，推动学校依法治校工作走深走实，全年组织交流活动12场。", "• 信息索引号:", "",
             "11330702732038549W/2022-00444", "• 发布机构:", "", "金华市婺城区教育局", "上一篇：县教体局工作报告"]
    ch = find_chrome(lines)
    assert ch.lines == {1, 2, 3, 4, 6, 8, 9, 11, 12}
    assert ch.pub_date == (2024, 2, 28) and ch.pub_org == "金华市婺城区教育局"
