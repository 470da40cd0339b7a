"""A file named .doc/.wps reaches LibreOffice only when it is a real Word 97-2003 / WPS (OLE2) or RTF
file without fields or objects that fetch other files: LibreOffice would fetch a linked picture from
the network while converting (a request made by the server on behalf of an upload). A stand-in
`soffice` records every call, so these tests need no LibreOffice and prove the refusal comes first."""

import fakesoffice
import pytest

from reportnlp.errors import ReportError
from reportnlp.read import read_document

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def utf16(s: str) -> bytes:
    return s.encode("utf-16-le")


@pytest.fixture
def soffice(tmp_path, monkeypatch):
    """A stand-in `soffice` on PATH: logs its arguments and writes a small .docx as the conversion."""
    import docx

    made = tmp_path / "made.docx"
    d = docx.Document()
    d.add_paragraph("某县教育局2023年度法治政府建设情况报告")
    d.add_paragraph("全年开展行政检查12次。")
    d.save(made)
    return fakesoffice.install(tmp_path, monkeypatch, made)


def calls(log) -> int:
    return len(log.read_text().splitlines()) if log.exists() else 0


NOT_WORD = {
    "html": b'<!DOCTYPE html><html><body><p>\xe6\x8a\xa5\xe5\x91\x8a</p><img src="http://169.254.169.254/x.png"></body></html>',
    "html-bom-late": b"\xef\xbb\xbf\n\n  <html><img src='https://intranet.example/a.png'></html>",
    "flat-odt": b'<?xml version="1.0"?><office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0">'
                b'<draw:image xlink:href="http://example.com/a.png"/></office:document>',
    "word2003-xml": b'<w:wordDocument xmlns:w="http://schemas.microsoft.com/office/word/2003/wordml"/>',
    "mht": b"MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary=x\r\n\r\n--x\r\nContent-Location: http://a/b.png\r\n",
    "text": "某县教育局2023年度法治政府建设情况报告\n全年开展行政检查12次。\n".encode("utf-8"),
    "short-ole-magic": b"\xd0\xcf\x11\xe0" + b"\0" * 600,
}


@pytest.mark.parametrize("kind", sorted(NOT_WORD))
@pytest.mark.parametrize("ext", [".doc", ".wps"])
def test_content_that_is_not_word_97_2003_never_reaches_libreoffice(tmp_path, soffice, kind, ext):
    p = tmp_path / f"r{ext}"
    p.write_bytes(NOT_WORD[kind])
    with pytest.raises(ReportError, match="内容不是 Word 97-2003 / WPS 文档") as e:
        read_document(str(p))
    assert "另存为 .docx" in str(e.value.message)
    assert calls(soffice) == 0


FETCHING = {
    "ole-includepicture-utf16": OLE2 + b"\0" * 500 + utf16('\x13 INCLUDEPICTURE "http://169.254.169.254/a.png" \\* MERGEFORMATINET \x14\x15'),
    "ole-includetext-8bit": OLE2 + b"\0" * 501 + b'\x13 INCLUDETEXT "\\\\\\\\fileserver\\\\share\\\\a.doc" \x14\x15',
    "ole-link-utf16-odd": OLE2 + b"\0" * 501 + utf16('\x13LINK Excel.Sheet.12 "smb://srv/x.xlsx" "" \\a \x14\x15'),
    "rtf-includepicture": rb'{\rtf1\ansi{\field{\*\fldinst { INCLUDEPICTURE "http://example.com/a.png" \\d }}{\fldrslt }}}',
    "rtf-split-by-groups": rb'{\rtf1{\field{\*\fldinst{\rtlch\fcs1 \af0 INCLUDE}{PICTURE "ftp://h/a.png"}}}}',
    "rtf-hex-escaped": rb"{\rtf1{\field{\*\fldinst \'49NCLUDEPICTURE  \"file:///etc/passwd\"}}}",
    "rtf-unicode-escaped": rb'{\rtf1{\field{\*\fldinst \u73?NCLUDETEXT "http://a/b.doc"}}}',
    "rtf-link-field": rb'{\rtf1{\field{\*\fldinst {\insrsid1 LINK Excel.Sheet.8 "\\\\srv\\x.xls" "" \\a \\r }}}}',
    "rtf-import": rb'{\rtf1{\field{\*\fldinst IMPORT "http://a/b.wmf"}}}',
    "rtf-linked-object": rb"{\rtf1{\object\objautlink{\*\objclass Word.Document.8}{\*\objdata 0105}}}",
    "rtf-template": rb"{\rtf1{\*\template \\\\srv\\share\\normal.dot}}",
}


@pytest.mark.parametrize("kind", sorted(FETCHING))
def test_fields_that_fetch_other_files_never_reach_libreoffice(tmp_path, soffice, kind):
    p = tmp_path / "r.doc"
    p.write_bytes(FETCHING[kind])
    with pytest.raises(ReportError, match="外部文件或网址的链接"):
        read_document(str(p))
    assert calls(soffice) == 0


CLEAN = {
    "ole": OLE2 + b"\0" * 600 + utf16("某县教育局 见 \x13 HYPERLINK \"http://www.gov.cn\" \x14政府网\x15 \x13 PAGE \x14"),
    "rtf": rb'{\rtf1\ansi{\field{\*\fldinst HYPERLINK "http://www.gov.cn"}{\fldrslt gov}} \par{\field{\*\fldinst PAGE}}'
           rb" hyperlink and linked text and imported data}",
}


@pytest.mark.parametrize("kind", sorted(CLEAN))
def test_real_word_97_2003_and_rtf_are_converted(tmp_path, soffice, kind):
    p = tmp_path / "r.doc"
    p.write_bytes(CLEAN[kind])
    src = read_document(str(p))
    assert "行政检查12次" in src.text and src.format == "doc"
    assert calls(soffice) == 1


def test_a_docx_named_doc_is_read_without_conversion(tmp_path, soffice):
    from conftest import ROOT

    p = tmp_path / "r.doc"
    p.write_bytes((ROOT / "examples" / "report_2025.docx").read_bytes())
    assert "法治政府建设" in read_document(str(p)).text
    assert calls(soffice) == 0


def test_the_web_page_refuses_an_html_doc(tmp_path, soffice):
    pytest.importorskip("fastapi")
    from fastapi.testclient import TestClient

    from reportnlp.web import WebSettings, create_app

    with TestClient(create_app(WebSettings(work_dir=str(tmp_path / "work"))), base_url="http://127.0.0.1:8000") as c:
        r = c.post("/api/check", files={"report": ("旧报告.doc", NOT_WORD["html"])})
        assert r.status_code == 422 and r.json()["error"].startswith("“旧报告.doc”：扩展名是 .doc") and "网页" in r.json()["error"]
        r = c.post("/api/check", files={"report": ("旧报告.doc", FETCHING["rtf-includepicture"])})
        assert r.status_code == 422 and "外部文件或网址" in r.json()["error"]
    assert calls(soffice) == 0
