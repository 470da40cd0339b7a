"""The .docx package guard (read/docx.py): a DTD in any part read as XML is refused, whatever the
part's name; a member that cannot be decompressed is one clear error, on the command line too."""
import re

import pytest
from typer.testing import CliRunner

from conftest import ROOT
from reportnlp.cli import app
from reportnlp.errors import ReportError
from reportnlp.read import read_document
from zipdamage import damaged, rebuild

EXAMPLE = (ROOT / "examples" / "report_2025.docx").read_bytes()
DTD = b'<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>'


def with_dtd(data: bytes, where: str = "prolog") -> bytes:
    """Put a DTD into an XML part: right after the declaration, or after a 5 000-byte comment."""
    pad = b"<!--" + b" " * 5000 + b"-->" if where == "late" else b""
    if data.startswith(b"<?xml"):
        end = data.index(b"?>") + 2
        return data[:end] + pad + DTD + data[end:]
    return pad + DTD + data


def write(tmp_path, data: bytes, name="r.docx"):
    p = tmp_path / name
    p.write_bytes(data)
    return p


def members(data: bytes) -> dict[str, bytes]:
    import io
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {n: z.read(n) for n in z.namelist()}


PARTS = ["[Content_Types].xml", "_rels/.rels", "word/_rels/document.xml.rels", "docProps/core.xml", "docProps/app.xml",
         "word/document.xml", "word/styles.xml", "word/settings.xml", "word/fontTable.xml", "word/theme/theme1.xml",
         "word/numbering.xml", "customXml/item1.xml"]


@pytest.mark.parametrize("part", PARTS)
@pytest.mark.parametrize("where", ["prolog", "late"])
def test_dtd_in_any_xml_part_is_refused(tmp_path, part, where):
    m = members(EXAMPLE)
    p = write(tmp_path, rebuild(EXAMPLE, replace={part: with_dtd(m[part], where)}))
    with pytest.raises(ReportError, match="DTD"):
        read_document(str(p))


def test_dtd_in_a_utf16_part_is_refused(tmp_path):
    m = members(EXAMPLE)
    text = with_dtd(m["docProps/core.xml"]).decode("utf-8").replace("encoding='UTF-8'", "encoding='UTF-16'")
    p = write(tmp_path, rebuild(EXAMPLE, replace={"docProps/core.xml": "\ufeff".encode("utf-16-le") + text.encode("utf-16-le")}))
    with pytest.raises(ReportError, match="DTD"):
        read_document(str(p))


def _moved_main(xml: bytes, extra: dict[str, bytes] | None = None) -> bytes:
    """The example with its main document at word/main.part (named by _rels/.rels and an Override)."""
    m = members(EXAMPLE)
    rels = m["_rels/.rels"].replace(b'Target="word/document.xml"', b'Target="/word/main.part"')
    types = m["[Content_Types].xml"].replace(b'PartName="/word/document.xml"', b'PartName="/word/main.part"')
    doc_rels = m["word/_rels/document.xml.rels"]
    return rebuild(EXAMPLE, replace={"_rels/.rels": rels, "[Content_Types].xml": types}, drop=(
        "word/document.xml", "word/_rels/document.xml.rels"),
        add={"word/main.part": xml, "word/_rels/main.part.rels": doc_rels, **(extra or {})})


def test_the_main_document_is_found_by_its_relationship_and_guarded(tmp_path):
    doc = members(EXAMPLE)["word/document.xml"]
    ok = write(tmp_path, _moved_main(doc), "moved.docx")
    assert "法治政府建设" in read_document(str(ok)).text  # not refused for its name
    bad = write(tmp_path, _moved_main(with_dtd(doc)), "moved-dtd.docx")
    with pytest.raises(ReportError, match="DTD"):
        read_document(str(bad))


def test_an_svg_image_with_a_doctype_is_not_an_xml_part(tmp_path):
    svg = b'<?xml version="1.0"?><!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "x.dtd"><svg/>'
    m = members(EXAMPLE)
    types = m["[Content_Types].xml"].replace(b"<Default ", b'<Default Extension="svg" ContentType="image/svg+xml"/><Default ', 1)
    p = write(tmp_path, rebuild(EXAMPLE, replace={"[Content_Types].xml": types}, add={"word/media/image9.svg": svg}))
    assert read_document(str(p)).text


@pytest.mark.parametrize("how", ["deflate", "lzma", "method"])
@pytest.mark.parametrize("member", ["word/document.xml", "word/styles.xml", "docProps/thumbnail.jpeg"])
def test_a_damaged_member_is_one_clear_line_on_the_command_line(tmp_path, how, member):
    p = write(tmp_path, damaged(EXAMPLE, member, how), f"坏-{how}.docx")
    r = CliRunner().invoke(app, ["check", str(p)])
    assert r.exit_code == 2 and "Traceback" not in r.output
    lines = [x for x in r.stderr.splitlines() if x.strip()]
    assert len(lines) == 1 and lines[0].startswith(f"错误 {p}: Word 文档"), lines
    assert re.search("损坏|无法解压", lines[0]) and "内部错误" not in lines[0]
