"""read_docx reads a .docx without python-docx (issue #28); it must give exactly what python-docx
1.2.0 gives. For every .docx found (examples, the shared devset, documents built here with
python-docx and by hand, fuzz mutants) the Source of read_docx is compared with the reading through
python-docx (its Document, and the same walker on its elements), errors included; and element by
element the walker's text model (paragraph text, runs, run.bold, row.cells, cell.text) is compared
with python-docx's own objects."""
import io
import random
import re
import zipfile

import docx
import pytest
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

from conftest import ROOT, SHARED
from docxcompare import assert_text_model, outcome, via_python_docx
from docxbuild import add_abstract_num, add_num, add_run_in, new_doc, numbered
from reportnlp.read import docx as rd
from test_fuzz import _docx_mutant
from zipdamage import rebuild

W = rd.W
WNS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def takes_fast_path(path: str) -> bool:
    try:
        rd._fast_elements(*rd._guard_zip(path, path, keep=True))
    except Exception:  # noqa: BLE001
        return False
    return True


def assert_same(path, fast: bool | None = True) -> tuple:
    """read_docx == the python-docx reading; `fast`: whether read_docx must (True) or must not
    (False) have read it without python-docx (None: either)."""
    path = str(path)
    got = outcome(rd.read_docx, path)
    want = via_python_docx(path)
    assert got == want
    if fast is not None:
        assert takes_fast_path(path) is fast
    try:
        document = docx.Document(path)
    except Exception:  # noqa: BLE001 - refused by python-docx: the outcomes above compare the errors
        return got
    assert_text_model(document)
    return got


# --- documents found on disk --------------------------------------------------------------------

FOUND = sorted((ROOT / "examples").glob("*.docx")) + sorted((SHARED / "devset" / "docx").glob("*.docx"))


@pytest.mark.parametrize("path", FOUND, ids=lambda p: p.name)
def test_found_documents_read_as_python_docx_reads_them(path):
    assert assert_same(path)[0] == "ok"


def test_the_example_and_the_devset_are_there():
    assert (ROOT / "examples" / "report_2025.docx") in FOUND
    if (SHARED / "devset" / "docx").is_dir():
        assert len(FOUND) > 1


# --- documents built with python-docx (docxbuild), as the test suite builds them -----------------

def built_numbered(doc):
    add_abstract_num(doc, 10, [("chineseCounting", "%1、", 1), ("chineseCounting", "（%2）", 1), ("decimal", "%3.", 1)])
    add_num(doc, 20, 10)
    add_num(doc, 21, 10, {0: 3})
    doc.add_paragraph("关于2025年政府信息公开工作年度报告", style="Title")
    numbered(doc.add_paragraph("总体情况"), 20, 0)
    numbered(doc.add_paragraph("主动公开"), 20, 1)
    numbered(doc.add_paragraph("第一项"), 20, 2)
    numbered(doc.add_paragraph("依申请公开"), 20, 1)
    numbered(doc.add_paragraph("一、已有编号"), 20, 0)
    numbered(doc.add_paragraph(""), 20, 0)  # a label without text
    numbered(doc.add_paragraph("重新开始"), 21, 0)
    numbered(doc.add_paragraph("缺失的编号"), 99, 0)


def built_styles(doc):
    doc.add_heading("一、总体情况", level=1)
    doc.add_heading("（一）主动公开", level=2)
    doc.add_heading("深层", level=3)
    doc.add_paragraph("正文段落。", style="List Bullet")
    add_run_in(doc, "一是", "加强组织领导。")
    add_run_in(doc, "全部加粗", "")
    p = doc.add_paragraph()
    p.add_run("不加粗").bold = False
    p.add_run("加粗").bold = True
    p = doc.add_paragraph()
    p.add_run("强调样式", style="Strong")
    p.add_run("之后")
    p = doc.add_paragraph(style="Heading 1")
    p.add_run("标题里").bold = False
    p.add_run("的段落")


def built_breaks(doc):
    p = doc.add_paragraph()
    r = p.add_run("第一行")
    r.add_break()
    r.add_text("第二行")
    r.add_tab()
    r.add_text("制表后")
    from docx.enum.text import WD_BREAK

    r.add_break(WD_BREAK.PAGE)
    r.add_text("分页后")
    r.add_break(WD_BREAK.COLUMN)
    r.add_text("分栏后")
    doc.add_page_break()
    doc.add_paragraph("页后\t段落\n换行")
    doc.add_paragraph("   ")  # blank


def built_hyperlink(doc):
    p = doc.add_paragraph()
    b = p.add_run("网址：")
    b.bold = True
    p._p.append(parse_xml(f'<w:hyperlink {nsdecls("w", "r")} w:anchor="x"><w:r><w:rPr><w:b/></w:rPr><w:t>www.gov.cn</w:t></w:r>'
                          '<w:r><w:t xml:space="preserve"> 首页</w:t></w:r></w:hyperlink>'))
    p.add_run("。")


def built_tables(doc):
    t = doc.add_table(rows=4, cols=4)
    for i in range(4):
        for j in range(4):
            t.cell(i, j).text = f"格{i}{j}"
    t.cell(0, 1).merge(t.cell(0, 2))  # horizontal
    t.cell(1, 0).merge(t.cell(3, 0))  # vertical over 3 rows
    t.cell(2, 2).merge(t.cell(3, 3))  # both
    t2 = doc.add_table(rows=2, cols=2)
    t2.cell(0, 0).text = "甲\n乙"
    t2.cell(1, 1).add_paragraph("第二段")
    doc.add_table(rows=1, cols=2)  # empty table: no line, but counted
    doc.add_paragraph("表后")
    t3 = doc.add_table(rows=2, cols=3)
    t3.cell(0, 0).text = "有前空格"
    tr = t3.rows[1]._tr
    tr.remove(tr.findall(qn("w:tc"))[0])
    tr.insert(0, parse_xml(f'<w:trPr {nsdecls("w")}><w:gridBefore w:val="1"/></w:trPr>'))
    tr.findall(qn("w:tc"))[0].append(parse_xml(f'<w:p {nsdecls("w")}><w:r><w:t>后移</w:t></w:r></w:p>'))


BUILT = {"numbered": built_numbered, "styles": built_styles, "breaks": built_breaks, "hyperlink": built_hyperlink,
         "tables": built_tables}


@pytest.mark.parametrize("name", sorted(BUILT))
def test_built_documents_read_as_python_docx_reads_them(tmp_path, name):
    doc = new_doc()
    doc.add_paragraph("开头")
    BUILT[name](doc)
    path = tmp_path / f"{name}.docx"
    doc.save(path)
    assert assert_same(path)[0] == "ok"


def test_the_built_shapes_are_read():
    """The shapes above reach the reader: labels, headings, bold prefixes, breaks, merged cells."""
    def read(name):
        doc = new_doc()
        BUILT[name](doc)
        buf = io.BytesIO()
        doc.save(buf)
        return buf.getvalue()

    import tempfile

    with tempfile.TemporaryDirectory() as d:
        texts = {}
        for name in BUILT:
            p = f"{d}/{name}.docx"
            with open(p, "wb") as fh:
                fh.write(read(name))
            texts[name] = rd.read_docx(p)
    assert "一、总体情况" in texts["numbered"].text and "（一）主动公开" in texts["numbered"].text
    assert any(m.outline == 2 for m in texts["styles"].lines_meta.values())
    assert any(m.bold_prefix == "一是" for m in texts["styles"].lines_meta.values())
    assert "第一行 第二行 制表后分页后分栏后" in texts["breaks"].text
    assert "网址：www.gov.cn 首页。" in texts["hyperlink"].text
    assert "格00 | 格01 格02 | 格03\n格10 格20 格30 | 格11" in texts["tables"].text  # merged: once, text joined
    assert "\n | 格21 | 格22 格23 格32 格33\n" in texts["tables"].text
    assert "\n后移 | \n" in texts["tables"].text


# --- documents written by hand: XML shapes python-docx itself never writes ------------------------

def _base() -> bytes:
    doc = new_doc()
    add_abstract_num(doc, 10, [("chineseCounting", "%1、", 1)])
    add_num(doc, 20, 10)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


BODY = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document {WNS} xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">
  <w:body>
    <w:p>
      <w:pPr>
        <w:pStyle w:val="Heading1"/>
      </w:pPr>
      <w:r>
        <w:t>标题</w:t>
      </w:r>
    </w:p>
    <w:p>
      <w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="20"/></w:numPr></w:pPr>
      <w:r><w:rPr><w:b w:val="on"/></w:rPr><w:t>开头</w:t><w:br w:type="page"/><w:t>页</w:t></w:r>
      <w:r><w:rPr><w:b w:val="1"/></w:rPr><w:cr/><w:noBreakHyphen/><w:ptab w:relativeTo="margin" w:alignment="right" w:leader="none"/></w:r>
      <w:r><w:rPr><w:b w:val="off"/></w:rPr><w:t>正文</w:t><w:tab/><w:br/><w:br w:type="column"/><w:br w:type="textWrapping"/><w:t>完</w:t></w:r>
    </w:p>
    <w:p>
      <w:r><w:t>甲</w:t></w:r>
      <w:r><w:t> </w:t></w:r>
      <w:r><w:t xml:space="preserve"> </w:t></w:r>
      <w:r><w:t>
      </w:t></w:r>
      <w:r><w:t xml:space="preserve">  </w:t></w:r>
      <w:r><w:t/></w:r>
      <w:r><w:t>  <!-- whitespace before a comment: dropped by python-docx's parser --></w:t></w:r>
      <w:r><w:t xml:space="preserve"> <!-- kept when preserved --></w:t></w:r>
      <w:r>
        <w:t>乙</w:t>
        <w:t> 丙 </w:t>
      </w:r>
    </w:p>
    <w:p>
      <w:hyperlink w:anchor="a">
        <w:r><w:rPr><w:b/></w:rPr><w:t>链接</w:t></w:r>
        <w:r><w:rPr><w:b w:val="false"/></w:rPr><w:t xml:space="preserve"> 文字</w:t></w:r>
      </w:hyperlink>
      <w:r><w:rPr><w:b/></w:rPr><w:t>加粗在后</w:t></w:r>
      <w:r><w:t>普通</w:t></w:r>
    </w:p>
    <w:p><w:r><w:rPr><w:b w:val="0"/></w:rPr><w:t>  </w:t></w:r></w:p>
    <w:tbl>
      <w:tblGrid><w:gridCol/><w:gridCol/><w:gridCol/><w:gridCol/></w:tblGrid>
      <w:tr>
        <w:tc><w:tcPr><w:vMerge w:val="restart"/></w:tcPr><w:p><w:r><w:t>纵向合并</w:t></w:r></w:p></w:tc>
        <w:tc><w:tcPr><w:gridSpan w:val="2"/></w:tcPr><w:p><w:r><w:t>横向合并</w:t></w:r></w:p><w:p><w:r><w:t>第二段</w:t></w:r></w:p></w:tc>
        <w:tc><w:p><w:r><w:t>末格</w:t></w:r></w:p></w:tc>
      </w:tr>
      <w:tr>
        <w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc>
        <w:tc><w:p><w:r><w:t>b</w:t></w:r></w:p></w:tc>
        <w:tc><w:p><w:r><w:t>c</w:t></w:r></w:p></w:tc>
        <w:tc><w:p><w:r><w:t>d</w:t></w:r></w:p></w:tc>
      </w:tr>
      <w:tr>
        <w:tc><w:tcPr><w:vMerge w:val="continue"/></w:tcPr><w:p><w:r><w:t>藏起来的字</w:t></w:r></w:p></w:tc>
        <w:tc><w:tcPr><w:gridSpan w:val="3"/></w:tcPr><w:p><w:r><w:t>三格</w:t></w:r></w:p></w:tc>
      </w:tr>
      <w:tr>
        <w:trPr><w:gridBefore w:val="1"/><w:gridAfter w:val="1"/></w:trPr>
        <w:tc><w:p><w:r><w:t>前空</w:t></w:r></w:p></w:tc>
        <w:tc><w:p><w:r><w:t>后空</w:t></w:r></w:p></w:tc>
      </w:tr>
      <w:tr>
        <w:trPr><w:gridBefore w:val="1"/></w:trPr>
        <w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc>
        <w:tc><w:p><w:r><w:t>接上</w:t></w:r></w:p></w:tc>
      </w:tr>
    </w:tbl>
    <w:p><w:r><w:t>表后</w:t></w:r></w:p>
    <w:sectPr/>
  </w:body>
</w:document>
""".encode("utf-8")


def _with(base: bytes, body: bytes = BODY, **kw) -> bytes:
    return rebuild(base, replace={"word/document.xml": body, **kw.pop("replace", {})}, **kw)


def _members(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {n: z.read(n) for n in z.namelist()}


def _without_rel(rels: bytes, kind: str) -> bytes:
    return re.sub(rb'<Relationship [^>]*Type="[^"]*/' + kind.encode() + rb'"[^>]*/>', b"", rels)


def _write(tmp_path, name: str, data: bytes):
    p = tmp_path / name
    p.write_bytes(data)
    return p


def test_hand_written_xml_reads_as_python_docx_reads_it(tmp_path):
    got = assert_same(_write(tmp_path, "hand.docx", _with(_base())))
    assert got[0] == "ok"
    text = got[4]
    assert "一、开头页 -\t" not in text  # tabs and newlines of the paragraph are spaces
    assert "纵向合并 | 横向合并 第二段 | 末格" in text
    assert "藏起来的字" not in text
    assert " | 三格" in text and "前空 | 后空" in text and " | 接上" in text


def test_styles_part_of_another_name(tmp_path):
    base = _base()
    m = _members(base)
    rels = m["word/_rels/document.xml.rels"].replace(b'Target="styles.xml"', b'Target="../custom/my-styles.xml"')
    ct = m["[Content_Types].xml"].replace(b'PartName="/word/styles.xml"', b'PartName="/custom/my-styles.xml"')
    data = rebuild(_with(base), replace={"word/_rels/document.xml.rels": rels, "[Content_Types].xml": ct},
                   drop=("word/styles.xml",), add={"custom/my-styles.xml": m["word/styles.xml"]})
    got = assert_same(_write(tmp_path, "renamed.docx", data))
    assert got[5][1].style == "Heading 1"  # the styles were found under their other name


def test_styles_part_named_by_an_absolute_target(tmp_path):
    base = _base()
    rels = _members(base)["word/_rels/document.xml.rels"].replace(b'Target="styles.xml"', b'Target="/word/styles.xml"')
    got = assert_same(_write(tmp_path, "absolute.docx", _with(base, replace={"word/_rels/document.xml.rels": rels})))
    assert got[5][1].style == "Heading 1"


def _without_part(tmp_path, rel: str, member: str):
    """The base document without the part `member` and its relationship of type `rel`, read both ways."""
    base = _base()
    rels = _without_rel(_members(base)["word/_rels/document.xml.rels"], rel)
    data = _with(base, replace={"word/_rels/document.xml.rels": rels}, drop=(member,))
    return assert_same(_write(tmp_path, f"no-{rel}.docx", data))


def test_no_numbering_part(tmp_path):
    got = _without_part(tmp_path, "numbering", "word/numbering.xml")
    assert "一、" not in got[4]


def test_no_styles_part(tmp_path):
    """python-docx then takes the styles of its default template: read_docx too."""
    got = _without_part(tmp_path, "styles", "word/styles.xml")
    assert got[5][1].style == "Heading1"  # the template has no heading styles ...
    assert got[5][2].style == "Normal"  # ... but a default paragraph style


@pytest.mark.parametrize("change", ["numbering twice", "numbering missing", "no content type", "main is macro-enabled",
                                    "settings malformed", "two main parts", "target outside the package",
                                    "image without content type", "a relationship to the package itself"])
def test_packages_python_docx_would_read_otherwise(tmp_path, change):
    """Shapes the fast reader leaves to python-docx: its reading (an error, mostly) is the result."""
    base = _with(_base())
    m = _members(base)
    rels, ct = m["word/_rels/document.xml.rels"], m["[Content_Types].xml"]
    kw: dict = {}
    if change == "numbering twice":
        kw = {"replace": {"word/_rels/document.xml.rels": rels.replace(
            b"</Relationships>", b'<Relationship Id="rId99" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            b'relationships/numbering" Target="numbering.xml"/></Relationships>')}}
    elif change == "numbering missing":
        kw = {"drop": ("word/numbering.xml",)}
    elif change == "no content type":
        kw = {"replace": {"[Content_Types].xml": ct.replace(b'PartName="/word/numbering.xml"', b'PartName="/word/other.xml"')
                          .replace(b'Extension="xml"', b'Extension="nothing"')}}
    elif change == "main is macro-enabled":
        kw = {"replace": {"[Content_Types].xml": ct.replace(b"document.main+xml", b"document.macroEnabled.main+xml")}}
    elif change == "settings malformed":
        kw = {"replace": {"word/settings.xml": m["word/settings.xml"][:-20]}}
    elif change == "two main parts":
        pkg = m["_rels/.rels"].replace(b"</Relationships>", b'<Relationship Id="rId99" Type="http://schemas.openxmlformats.org/'
                                       b'officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>'
                                       b"</Relationships>")
        kw = {"replace": {"_rels/.rels": pkg}}
    elif change == "image without content type":
        kw = {"replace": {"word/_rels/document.xml.rels": rels.replace(
            b"</Relationships>", b'<Relationship Id="rId98" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            b'relationships/image" Target="media/x.png"/></Relationships>')}, "add": {"word/media/x.png": b"\x89PNG"}}
    elif change == "a relationship to the package itself":
        kw = {"replace": {"word/_rels/document.xml.rels": rels.replace(b'Target="settings.xml"', b'Target="/"')}}
    else:
        kw = {"replace": {"word/_rels/document.xml.rels": rels.replace(b'Target="settings.xml"', b'Target="../../../x.xml"')}}
    got = assert_same(_write(tmp_path, "odd.docx", rebuild(base, **kw)), fast=False)
    assert got[0] == "error" or change in ("numbering missing",)


@pytest.mark.parametrize("first", ["styles", "numbering"])
def test_two_relationships_with_one_id(tmp_path, first):
    """python-docx keys a part's relationships by Id: of two with one Id it knows the later one only."""
    base = _base()
    rels = _members(base)["word/_rels/document.xml.rels"].decode()
    found = {k: re.search(r'<Relationship [^>]*Type="[^"]*/' + k + '"[^>]*/>', rels).group(0) for k in ("styles", "numbering")}
    rest = rels
    for r in found.values():
        rest = rest.replace(r, "")
    second = "numbering" if first == "styles" else "styles"
    pair = re.sub(r'Id="[^"]*"', 'Id="rIdSame"', found[first] + found[second])
    rels = rest.replace("</Relationships>", pair + "</Relationships>").encode()
    got = assert_same(_write(tmp_path, "sameid.docx", _with(base, replace={"word/_rels/document.xml.rels": rels})))
    assert got[0] == "ok"
    if first == "numbering":
        assert "一、" not in got[4]  # the numbering lost
    else:
        assert got[5][2].style == "Normal" and got[5][1].style == "Heading1"  # the styles lost: python-docx's template


@pytest.mark.parametrize("xml, kind", [
    ('<w:r><w:rPr><w:b w:val="maybe"/></w:rPr><w:t>粗</w:t></w:r><w:r><w:t>细</w:t></w:r>', "error"),
    ('<w:r><w:rPr><w:b w:val="maybe"/></w:rPr><w:t/></w:r><w:r><w:t>细</w:t></w:r>', "ok"),
])
def test_bad_attribute_values_as_python_docx(tmp_path, xml, kind):
    body = BODY.replace(b"<w:p><w:r><w:t>\xe8\xa1\xa8\xe5\x90\x8e</w:t></w:r></w:p>", f"<w:p>{xml}</w:p>".encode())
    got = assert_same(_write(tmp_path, "bad.docx", _with(_base(), body)))
    assert got[0] == kind
    if kind == "error":
        assert "InvalidXmlError" in got[1]


@pytest.mark.parametrize("tc", ['<w:tc><w:tcPr><w:gridSpan/></w:tcPr><w:p><w:r><w:t>x</w:t></w:r></w:p></w:tc>',
                                '<w:tc><w:tcPr><w:gridSpan w:val="x"/></w:tcPr><w:p><w:r><w:t>x</w:t></w:r></w:p></w:tc>',
                                '<w:tc><w:tcPr><w:gridSpan w:val="0"/></w:tcPr><w:p><w:r><w:t>x</w:t></w:r></w:p></w:tc>',
                                '<w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p><w:r><w:t>x</w:t></w:r></w:p></w:tc>'])
def test_malformed_spans_as_python_docx(tmp_path, tc):
    """A cell whose span python-docx cannot resolve (no row above, bad gridSpan): the row reads as
    python-docx's row.cells reads it (no cells at all when it raises)."""
    body = (f'<?xml version="1.0" encoding="UTF-8"?><w:document {WNS}><w:body><w:p><w:r><w:t>前</w:t></w:r></w:p>'
            f'<w:tbl><w:tr>{tc}<w:tc><w:p><w:r><w:t>y</w:t></w:r></w:p></w:tc></w:tr></w:tbl></w:body></w:document>').encode()
    assert assert_same(_write(tmp_path, "span.docx", _with(_base(), body)))[0] == "ok"


def test_other_root_or_no_body(tmp_path):
    for i, body in enumerate([f'<w:other {WNS}><w:body><w:p><w:r><w:t>x</w:t></w:r></w:p></w:body></w:other>',
                              f'<w:document {WNS}><w:p><w:r><w:t>x</w:t></w:r></w:p></w:document>']):
        got = assert_same(_write(tmp_path, f"root{i}.docx", _with(_base(), body.encode())))
        assert got[0] == "error"


def test_broken_styles_and_no_body_say_what_python_docx_said(tmp_path):
    """The styles are read before the body is looked for: the error is the styles' (ValueError)."""
    base = _base()
    styles = _members(base)["word/styles.xml"].replace(
        b"</w:styles>", b'<w:style w:type="paragraph" w:styleId="Bad"><w:pPr><w:numPr><w:ilvl w:val="x"/>'
        b'<w:numId w:val="1"/></w:numPr></w:pPr></w:style></w:styles>')
    body = f'<w:document {WNS}><w:p><w:r><w:t>x</w:t></w:r></w:p></w:document>'.encode()
    got = assert_same(_write(tmp_path, "both.docx", _with(base, body, replace={"word/styles.xml": styles})))
    assert got[0] == "error" and "ValueError" in got[1]


def test_the_plain_docx_the_batch_warms_with(tmp_path):
    got = assert_same(_write(tmp_path, "warm.docx", rd.plain_docx(["甲 & <乙>", " 丙 "])))
    assert got[4] == "甲 & <乙>\n 丙 \n" and got[5][1].style == "Normal"


def test_fuzz_mutants_read_as_python_docx_reads_them(tmp_path):
    """Damaged copies of the example (the fuzz test's mutants): same Source or same error."""
    raw = (ROOT / "examples" / "report_2025.docx").read_bytes()
    rnd = random.Random(2806)
    kinds = set()
    for i in range(60):
        p = _write(tmp_path, f"m{i:02d}.docx", _docx_mutant(raw, rnd))
        kinds.add(assert_same(p, fast=None)[0])
    assert kinds == {"ok", "error"}


def test_documents_sharing_a_styles_part_parse_it_once_and_others_get_their_own(tmp_path):
    """The styles part is parsed once for the documents of one template (rd._styles_of_part keeps
    it by its bytes); a document with other styles reads its own, whatever was read before."""
    base = _base()
    styles = _members(base)["word/styles.xml"]
    renamed = styles.replace(b'w:val="heading 1"', b'w:val="Chapter"')
    assert renamed != styles
    a = _write(tmp_path, "a.docx", _with(base))
    b = _write(tmp_path, "b.docx", _with(base, replace={"word/styles.xml": renamed}))
    rd._styles_of_part.cache_clear()
    got = [assert_same(p) for p in (a, b, a, b, a)]
    assert rd._styles_of_part.cache_info().misses == 2  # two distinct parts parsed, for five documents (each read twice)
    assert got[0] == got[2] == got[4] and got[1] == got[3] and got[0] != got[1]
    assert any(m.style == "Heading 1" for m in got[0][5].values())
    assert any(m.style == "Chapter" for m in got[1][5].values())
