"""Word .docx reader (python-docx): body paragraphs and tables in document order.

Adds the labels of Word auto-numbering to the text (as Word shows them), keeps heading
styles and leading bold runs as hints, renders each table row as one line `a | b | c`
(merged cells once). Guards: zip bombs (decompressed size capped), XML with DTD/entities.
"""
from __future__ import annotations

import lzma
import re
import zipfile
import zlib
from typing import IO

from ..errors import ReportError
from .source import LineMeta, Source
from .numbering import W, NumberingRenderer

MAX_UNZIPPED = 200 * 1024 * 1024
MAX_RATIO = 200
_HEADING_STYLE = re.compile(r"^(?:heading|标题)\s*(\d)$", re.I)


# markers of a DTD (and so of entity declarations) in an XML part, in the encodings XML parts may use
_DTD_MARKERS = tuple(m.encode(enc) for m in ("<!DOCTYPE", "<!ENTITY") for enc in ("utf-8", "utf-16-le", "utf-16-be"))
_CHUNK = 1 << 16
_CT = "{http://schemas.openxmlformats.org/package/2006/content-types}"
_PR = "{http://schemas.openxmlformats.org/package/2006/relationships}"


def _read_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo, scan: bool, path: str) -> None:
    """Decompress one member completely (a damaged one raises here, CRC included); when `scan`,
    refuse a DTD anywhere in it."""
    tail = b""
    with zf.open(info) as fh:
        while True:
            chunk = fh.read(_CHUNK)
            if not chunk:
                break
            if scan:
                window = tail + chunk
                if any(m in window for m in _DTD_MARKERS):
                    raise ReportError("Word 文档含有 DTD/实体声明，出于安全原因拒绝读取", path=path)
                tail = window[-32:]


def _xml_parts(zf: zipfile.ZipFile, names: set[str], path: str) -> tuple[set[str], str | None]:
    """The parts a Word reader parses as XML, and the main document part named by _rels/.rels.
    Called after [Content_Types].xml and _rels/.rels were found free of any DTD, so the standard
    parser cannot expand an entity in them."""
    import posixpath
    from xml.etree import ElementTree

    xml = {n for n in names if n.lower().endswith((".xml", ".rels"))}
    main = None
    try:
        if "[Content_Types].xml" in names:
            types = ElementTree.fromstring(zf.read("[Content_Types].xml"))
            defaults = {d.get("Extension", "").lower(): d.get("ContentType", "") for d in types.iter(_CT + "Default")}
            overrides = {o.get("PartName", "").lstrip("/"): o.get("ContentType", "") for o in types.iter(_CT + "Override")}
            for n in names:
                ct = overrides.get(n) or defaults.get(n.rpartition(".")[2].lower(), "")
                if "xml" in ct and not ct.startswith("image/"):
                    xml.add(n)
        if "_rels/.rels" in names:
            for rel in ElementTree.fromstring(zf.read("_rels/.rels")).iter(_PR + "Relationship"):
                if rel.get("Type", "").endswith("/officeDocument") and rel.get("TargetMode") != "External":
                    main = posixpath.normpath(rel.get("Target", "").lstrip("/"))
    except ElementTree.ParseError:
        raise ReportError("Word 文档内部结构有误（[Content_Types].xml 或 _rels/.rels 无法解析）", path=path) from None
    if main is None and "word/document.xml" in names:
        main = "word/document.xml"
    if main in names:
        xml.add(main)
    return xml, main if main in names else None


def _guard_zip(source: str | IO[bytes], path: str) -> None:
    """Refuse a package that is a zip bomb, has no main document, has a DTD in any part read as XML
    ([Content_Types].xml, every .rels, docProps/*, the main document whatever its name, every part
    of an XML content type), or has any member that cannot be decompressed."""
    try:
        with zipfile.ZipFile(source) as zf:
            infos = zf.infolist()
            total = sum(i.file_size for i in infos)
            packed = sum(i.compress_size for i in infos) or 1
            if total > MAX_UNZIPPED or (total > 10 * 1024 * 1024 and total / packed > MAX_RATIO):
                raise ReportError("压缩包解压后过大（疑似 zip 炸弹），拒绝读取", path=path)
            names = {i.filename for i in infos}
            for name in ("[Content_Types].xml", "_rels/.rels"):  # read with the standard parser next
                if name in names:
                    _read_member(zf, zf.getinfo(name), True, path)
            xml, main = _xml_parts(zf, names, path)
            if main is None:
                raise ReportError("不是有效的 Word 文档（缺少正文部分 word/document.xml）", path=path)
            for info in infos:  # every member once: a damaged one is said here, not halfway through reading
                _read_member(zf, info, info.filename in xml, path)
    except ReportError:
        raise
    except ValueError:
        raise ReportError("Word 文档无法解压（加密或使用了不支持的压缩方式）", path=path) from None
    except zipfile.BadZipFile:
        raise ReportError("Word 文档已损坏或不完整（不是有效的 zip 文件，或压缩数据校验失败）", path=path) from None
    except (zlib.error, lzma.LZMAError, EOFError):
        raise ReportError("Word 文档已损坏（压缩数据无法解压）", path=path) from None
    except (NotImplementedError, RuntimeError):  # unknown compression method, encrypted member
        raise ReportError("Word 文档无法解压（加密或使用了不支持的压缩方式）", path=path) from None
    except (OSError, zipfile.LargeZipFile) as exc:  # bz2 reports damaged data as OSError
        raise ReportError(f"Word 文档已损坏或无法读取（{getattr(exc, 'strerror', None) or exc}）", path=path) from None


def _num_pr(p_el, styles_numpr):
    pPr = p_el.find(W + "pPr")
    if pPr is not None:
        numPr = pPr.find(W + "numPr")
        if numPr is not None:
            nid = numPr.find(W + "numId")
            il = numPr.find(W + "ilvl")
            return (nid.get(W + "val") if nid is not None else None,
                    int(il.get(W + "val")) if il is not None else 0)
        ps = pPr.find(W + "pStyle")
        if ps is not None and ps.get(W + "val") in styles_numpr:
            return styles_numpr[ps.get(W + "val")]
    return None


def _styles_numpr(document) -> dict:
    out: dict = {}
    try:
        styles_el = document.styles.element
    except Exception:  # noqa: BLE001 - a document without styles part
        return out
    for st in styles_el.iter(W + "style"):
        pPr = st.find(W + "pPr")
        if pPr is None:
            continue
        numPr = pPr.find(W + "numPr")
        if numPr is None:
            continue
        nid = numPr.find(W + "numId")
        il = numPr.find(W + "ilvl")
        if nid is not None:
            out[st.get(W + "styleId")] = (nid.get(W + "val"), int(il.get(W + "val")) if il is not None else 0)
    return out


def _style_table(document) -> tuple[dict, str | None]:
    """styleId -> (name, bold) for paragraph and character styles, read once; and the default
    paragraph style id (python-docx looks styles up by scanning styles.xml on every access)."""
    table: dict = {}
    default = None
    try:
        styles_el = document.styles.element
    except Exception:  # noqa: BLE001 - a document without a styles part
        return table, default
    for st in styles_el.iter(W + "style"):
        sid = st.get(W + "styleId")
        name_el = st.find(W + "name")
        name = name_el.get(W + "val") if name_el is not None else sid
        b = st.find(W + "rPr/" + W + "b")
        bold = b is not None and b.get(W + "val", "true") not in ("0", "false")
        table[sid] = (_STYLE_NAMES.get(name, name), bold)
        if st.get(W + "type") == "paragraph" and st.get(W + "default") in ("1", "true"):
            default = sid
    return table, default


# Word writes built-in style names in lower case in styles.xml
_STYLE_NAMES = {"heading 1": "Heading 1", "heading 2": "Heading 2", "heading 3": "Heading 3", "heading 4": "Heading 4",
                "title": "Title", "normal": "Normal"}


def _run_bold(run, para_style_bold: bool, styles: dict) -> bool:
    b = run.bold
    if b is None:
        rPr = run._r.rPr
        rs = rPr.find(W + "rStyle") if rPr is not None else None
        if rs is not None and rs.get(W + "val") in styles:
            b = styles[rs.get(W + "val")][1] or None
    return bool(b) if b is not None else para_style_bold


def open_docx(source: str | IO[bytes], name: str | None = None):
    """python-docx Document (from a path or the file's bytes) after the zip/XML guards; ReportError
    (naming `name`, else the path) when it cannot be opened."""
    path = name or (source if isinstance(source, str) else "")
    _guard_zip(source, path)
    if not isinstance(source, str):
        source.seek(0)
    try:
        import docx

        return docx.Document(source)
    except (zlib.error, lzma.LZMAError, zipfile.BadZipFile, EOFError):
        raise ReportError("Word 文档已损坏（压缩数据无法解压）", path=path) from None
    except MemoryError:
        raise
    except Exception as exc:  # noqa: BLE001 - python-docx raises many kinds on broken files
        raise ReportError(f"Word 文档无法打开（内部结构有误：{type(exc).__name__}）", path=path) from None


def walk(document):
    """Yield (line_text, LineMeta, anchor) for each text line, in document order.

    anchor is ("p", Paragraph, label_len) for a paragraph, ("row", [(offset, cell), ...]) for a
    table row (offset of each cell's text within the line). The annotator walks the same way.
    """
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        numbering_el = document.part.numbering_part.element
    except (NotImplementedError, KeyError, AttributeError):
        numbering_el = None
    renderer = NumberingRenderer.from_element(numbering_el)
    style_num = _styles_numpr(document)
    styles, default_style = _style_table(document)
    table_no = 0
    for child in document.element.body.iterchildren():
        tag = child.tag
        if tag == W + "p":
            para = Paragraph(child, document)
            text = para.text.replace("\n", " ").replace("\t", " ")
            pPr = child.find(W + "pPr")
            ps = pPr.find(W + "pStyle") if pPr is not None else None
            sid = ps.get(W + "val") if ps is not None else default_style
            style, style_bold = styles.get(sid, (sid, False))
            npr = _num_pr(child, style_num)
            label = renderer.label(*npr) if npr else None
            if not text.strip() and not label:
                continue  # blank paragraphs carry no text
            m = LineMeta(style=style)
            hm = _HEADING_STYLE.match(style or "")
            if hm:
                m.outline = int(hm.group(1))
            if (style or "").lower() in ("title", "标题"):
                m.is_title = True
            bold = ""
            for run in para.runs:
                if not run.text:
                    continue
                if _run_bold(run, style_bold, styles):
                    bold += run.text
                else:
                    break
            if bold.strip() and len(bold.strip()) < len(text.strip()) + 1:
                m.bold_prefix = bold
            label_len = 0
            if label and not text.startswith(label.strip()):
                m.label = label.strip()
                text = label.rstrip() + text
                label_len = len(label.rstrip())
                if m.bold_prefix:
                    m.bold_prefix = label.rstrip() + m.bold_prefix
            yield text, m, ("p", para, label_len)
        elif tag == W + "tbl":
            table = Table(child, document)
            seen_table: set = set()
            for row in table.rows:
                seen = set()
                cells = []
                try:
                    row_cells = row.cells
                except Exception:  # noqa: BLE001 - malformed spans
                    row_cells = []
                for cell in row_cells:
                    if cell._tc in seen:
                        continue
                    seen.add(cell._tc)
                    if cell._tc in seen_table:  # vertically merged: text once, in its first row
                        cells.append(("", cell))
                        continue
                    seen_table.add(cell._tc)
                    cells.append((re.sub(r"\s+", " ", cell.text).strip(), cell))
                if any(t for t, _c in cells):
                    offs, pos = [], 0
                    for t, c in cells:
                        offs.append((pos, c))
                        pos += len(t) + 3
                    yield " | ".join(t for t, _c in cells), LineMeta(table=table_no), ("row", offs)
            table_no += 1


def read_docx(path: str) -> Source:
    document = open_docx(path)
    lines: list[str] = []
    meta: dict[int, LineMeta] = {}
    try:
        for text, m, _anchor in walk(document):
            lines.append(text)
            meta[len(lines)] = m
    except ReportError:
        raise
    except Exception as exc:  # noqa: BLE001 - malformed XML inside a valid zip
        raise ReportError(f"Word 文档内容无法解析（{type(exc).__name__}）", path=path) from None
    text = "\n".join(lines) + ("\n" if lines else "")
    if not text.strip():
        raise ReportError("Word 文档中没有文字内容", path=path)
    return Source(path=path, format="docx", text=text, lines_meta=meta, docx_path=path)
