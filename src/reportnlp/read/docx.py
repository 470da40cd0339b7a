"""Word .docx reader: body paragraphs and tables in document order.

Adds the labels of Word auto-numbering to the text (as Word shows them), keeps heading
styles and leading bold runs as hints, renders each table row as one line `a | b | c`
(merged cells once). Guards: zip bombs (decompressed size capped), XML with DTD/entities.

Reading does not import python-docx (issue #28): the guard decompresses each member once and keeps
the XML parts, which are parsed with lxml as python-docx 1.2.0 parses them, and `walk` reproduces
python-docx's text model on plain elements. The annotator opens the file with python-docx
(`open_docx`) and walks its elements with the same `walk`.
"""
from __future__ import annotations

import lzma
import re
import zipfile
import zlib
from functools import lru_cache
from typing import IO, NamedTuple

import reportnlp.recache as recache
from ..errors import ReportError
from .numbering import NumberingRenderer, W
from .source import LineMeta, Source

MAX_UNZIPPED = 200 * 1024 * 1024
MAX_RATIO = 200
_HEADING_STYLE = recache.compile(r"^(?:heading|标题)\s*(\d)$", re.I)


# markers of a DTD (and so of entity declarations) in an XML part, in the encodings XML parts may use;
# each holds b"!", rare in XML: one fast scan clears most windows (b"<!" would stop at every tag)
_DTD_MARKERS = tuple(m.encode(enc) for m in ("<!DOCTYPE", "<!ENTITY") for enc in ("utf-8", "utf-16-le", "utf-16-be"))
_CHUNK = 1 << 16
_CT = "{http://schemas.openxmlformats.org/package/2006/content-types}"
_PR = "{http://schemas.openxmlformats.org/package/2006/relationships}"


def _read_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo, scan: bool, path: str, keep: bool = False) -> bytes | None:
    """Decompress one member completely (a damaged one raises here, CRC included); when `scan`,
    refuse a DTD anywhere in it; when `keep`, return its bytes (the reader parses them, unread again)."""
    tail = b""
    chunks: list[bytes] = []
    with zf.open(info) as fh:
        while True:
            chunk = fh.read(_CHUNK)
            if not chunk:
                break
            if keep:
                chunks.append(chunk)
            if scan:
                window = tail + chunk
                if b"!" in window and any(m in window for m in _DTD_MARKERS):
                    raise ReportError("Word 文档含有 DTD/实体声明，出于安全原因拒绝读取", path=path)
                tail = window[-32:]
    return b"".join(chunks) if keep else None


def _xml_parts(blobs: dict[str, bytes], names: set[str], path: str) -> tuple[set[str], str | None]:
    """The parts a Word reader parses as XML, and the main document part named by _rels/.rels.
    Called after [Content_Types].xml and _rels/.rels (their bytes in `blobs`) were found free of
    any DTD, so no parser could expand an entity in them. Parsed with lxml, which python-docx
    parses them with (and which reading the document imports anyway)."""
    import posixpath

    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True)

    xml = {n for n in names if n.lower().endswith((".xml", ".rels"))}
    main = None
    try:
        if "[Content_Types].xml" in names:
            types = etree.fromstring(blobs["[Content_Types].xml"], parser)
            defaults = {d.get("Extension", "").lower(): d.get("ContentType", "") for d in types.iter(_CT + "Default")}
            overrides = {o.get("PartName", "").lstrip("/"): o.get("ContentType", "") for o in types.iter(_CT + "Override")}
            for n in names:
                ct = overrides.get(n) or defaults.get(n.rpartition(".")[2].lower(), "")
                if "xml" in ct and not ct.startswith("image/"):
                    xml.add(n)
        if "_rels/.rels" in names:
            for rel in etree.fromstring(blobs["_rels/.rels"], parser).iter(_PR + "Relationship"):
                if rel.get("Type", "").endswith("/officeDocument") and rel.get("TargetMode") != "External":
                    main = posixpath.normpath(rel.get("Target", "").lstrip("/"))
    except etree.XMLSyntaxError:
        raise ReportError("Word 文档内部结构有误（[Content_Types].xml 或 _rels/.rels 无法解析）", path=path) from None
    if main is None and "word/document.xml" in names:
        main = "word/document.xml"
    if main in names:
        xml.add(main)
    return xml, main if main in names else None


def _guard_zip(source: str | IO[bytes], path: str, keep: bool = False) -> tuple[set[str], dict[str, bytes]]:
    """Refuse a package that is a zip bomb, has no main document, has a DTD in any part read as XML
    ([Content_Types].xml, every .rels, docProps/*, the main document whatever its name, every part
    of an XML content type), or has any member that cannot be decompressed. Returns the member
    names and, when `keep`, the bytes of every part read as XML (each member is decompressed once)."""
    try:
        with zipfile.ZipFile(source) as zf:
            infos = zf.infolist()
            total = sum(i.file_size for i in infos)
            packed = sum(i.compress_size for i in infos) or 1
            if total > MAX_UNZIPPED or (total > 10 * 1024 * 1024 and total / packed > MAX_RATIO):
                raise ReportError("压缩包解压后过大（疑似 zip 炸弹），拒绝读取", path=path)
            names = {i.filename for i in infos}
            blobs: dict[str, bytes] = {}
            done: set[int] = set()
            for name in ("[Content_Types].xml", "_rels/.rels"):  # read with the standard parser next
                if name in names:
                    info = zf.getinfo(name)
                    blobs[name] = _read_member(zf, info, True, path, keep=True) or b""
                    done.add(id(info))
            xml, main = _xml_parts(blobs, names, path)
            if main is None:
                raise ReportError("不是有效的 Word 文档（缺少正文部分 word/document.xml）", path=path)
            for info in infos:  # every member once: a damaged one is said here, not halfway through reading
                if id(info) in done:
                    continue
                data = _read_member(zf, info, info.filename in xml, path, keep=keep and info.filename in xml)
                if data is not None and zf.getinfo(info.filename) is info:  # a duplicated name reads as its last copy
                    blobs[info.filename] = data
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
    return names, blobs


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


_RPR_B = W + "rPr/" + W + "b"


class StyleInfo(NamedTuple):
    """What the walker needs of a styles part: styleId -> (name, bold) for paragraph and character
    styles, the default paragraph style id, and styleId -> (numId, ilvl) of the styles that number
    their paragraphs. Shared between documents with the same styles part: read, never changed."""

    table: dict
    default: str | None
    numpr: dict


def _style_info(styles_el) -> StyleInfo:
    """The StyleInfo of a styles element, in one pass over the styles (python-docx looks styles up
    by scanning styles.xml on every access)."""
    table: dict = {}
    default = None
    numpr: dict = {}
    if styles_el is None:
        return StyleInfo(table, default, numpr)
    for st in styles_el.iter(W + "style"):
        sid = st.get(W + "styleId")
        name_el = st.find(W + "name")
        name = name_el.get(W + "val") if name_el is not None else sid
        b = st.find(_RPR_B)
        bold = b is not None and b.get(W + "val", "true") not in ("0", "false")
        table[sid] = (_STYLE_NAMES.get(name, name), bold)
        if st.get(W + "type") == "paragraph" and st.get(W + "default") in ("1", "true"):
            default = sid
        pPr = st.find(W + "pPr")
        numPr = pPr.find(W + "numPr") if pPr is not None else None
        if numPr is None:
            continue
        nid = numPr.find(W + "numId")
        if nid is not None:
            il = numPr.find(W + "ilvl")
            numpr[sid] = (nid.get(W + "val"), int(il.get(W + "val")) if il is not None else 0)
    return StyleInfo(table, default, numpr)


@lru_cache(maxsize=8)
def _styles_of_part(data: bytes):
    """The StyleInfo of a styles part's bytes, parsed as python-docx parses them (a part that does
    not parse raises, as in python-docx; a style the walker cannot read gives the element, and the
    walk says what is wrong with it). Kept for the last few distinct parts: the documents of a
    batch mostly come from a few templates, whose styles part (python-docx's default one is 350 KB,
    ~5 ms to parse) is then parsed once a worker instead of once a file."""
    from lxml import etree

    el = etree.fromstring(data, etree.XMLParser(remove_blank_text=True, resolve_entities=False))
    try:
        return _style_info(el)
    except Exception:  # noqa: BLE001 - raised again by the walk, where a reading error is reported
        return el


# Word writes built-in style names in lower case in styles.xml
_STYLE_NAMES = {"heading 1": "Heading 1", "heading 2": "Heading 2", "heading 3": "Heading 3", "heading 4": "Heading 4",
                "title": "Title", "normal": "Normal"}


# --- the text model of python-docx 1.2.0, on plain lxml elements ----------------------------------
# The walker reads elements only through find/findall/get/iterchildren and the text of w:t, so it
# reads python-docx's own elements (lxml elements of custom classes, whose `.text` of w:p and w:r is
# overridden) and the fast reader's plain ones alike, with the same result.

class InvalidXmlError(Exception):
    """An attribute value python-docx refuses to read (its own exception of the same name)."""


_ON_OFF = {"1": True, "true": True, "on": True, "0": False, "false": False, "off": False}


def run_text(r) -> str:
    """python-docx's CT_R.text: w:br | w:cr | w:noBreakHyphen | w:ptab | w:t | w:tab children, in order."""
    out = []
    for e in r.iterchildren():
        tag = e.tag
        if tag == W + "t":
            out.append(e.text or "")
        elif tag == W + "tab" or tag == W + "ptab":
            out.append("\t")
        elif tag == W + "br":
            if e.get(W + "type", "textWrapping") == "textWrapping":
                out.append("\n")
        elif tag == W + "cr":
            out.append("\n")
        elif tag == W + "noBreakHyphen":
            out.append("-")
    return "".join(out)


def paragraph_text(p) -> str:
    """python-docx's CT_P.text: the text of the w:r and w:hyperlink children (a hyperlink's is its runs')."""
    out = []
    for e in p.iterchildren():
        if e.tag == W + "r":
            out.append(run_text(e))
        elif e.tag == W + "hyperlink":
            out.extend(run_text(r) for r in e.findall(W + "r"))
    return "".join(out)


def run_bold(r) -> bool | None:
    """python-docx's Run.bold: w:rPr/w:b, its w:val an ST_OnOff (absent: on), None without w:b."""
    rPr = r.find(W + "rPr")
    b_el = rPr.find(W + "b") if rPr is not None else None
    if b_el is None:
        return None
    v = b_el.get(W + "val")
    if v is not None and v not in _ON_OFF:
        raise InvalidXmlError(v)
    return True if v is None else _ON_OFF[v]


def _run_bold(r, para_style_bold: bool, styles: dict) -> bool:
    """Run.bold, else the bold of the run's character style, else the paragraph style's."""
    b = run_bold(r)
    if b is None:
        rPr = r.find(W + "rPr")
        rs = rPr.find(W + "rStyle") if rPr is not None else None
        if rs is not None and rs.get(W + "val") in styles:
            b = styles[rs.get(W + "val")][1] or None
    return bool(b) if b is not None else para_style_bold


def _decimal(el, default: int) -> int:
    """The w:val of an optional CT_DecimalNumber child (required attribute, int())."""
    if el is None:
        return default
    v = el.get(W + "val")
    if v is None:
        raise InvalidXmlError("required 'w:val' attribute not present")
    return int(v)


def _grid_span(tc) -> int:
    tcPr = tc.find(W + "tcPr")
    return 1 if tcPr is None else _decimal(tcPr.find(W + "gridSpan"), 1)


def _grid_before(tr) -> int:
    trPr = tr.find(W + "trPr")
    return 0 if trPr is None else _decimal(trPr.find(W + "gridBefore"), 0)


def _tc_above(tc):
    """The w:tc at the same grid offset in the row above (python-docx CT_Tc._tc_above); ValueError if none."""
    tr = tc.getparent()
    above = next((s for s in tr.itersiblings(W + "tr", preceding=True)), None)
    if above is None:
        raise ValueError("no tr above topmost tr in w:tbl")
    offset = _grid_before(tr) + sum(_grid_span(s) for s in reversed(list(tc.itersiblings(W + "tc", preceding=True))))
    remaining = offset - _grid_before(above)
    for cand in above.findall(W + "tc"):
        if remaining < 0:
            break
        if remaining == 0:
            return cand
        remaining -= _grid_span(cand)
    raise ValueError(f"no `tc` element at grid_offset={offset}")


def _tc_cells(tc) -> list:
    """One entry per layout-grid cell of `tc` (python-docx _Row.cells): the cell it continues when
    vertically merged, repeated over its gridSpan."""
    tcPr = tc.find(W + "tcPr")
    vm = tcPr.find(W + "vMerge") if tcPr is not None else None
    if vm is not None and vm.get(W + "val", "continue") == "continue":
        return _tc_cells(_tc_above(tc))
    return [tc] * _grid_span(tc)


def row_cells(tr) -> list:
    """The w:tc elements of python-docx's `row.cells` (a cell spanning n grid columns n times)."""
    return [c for tc in tr.findall(W + "tc") for c in _tc_cells(tc)]


def cell_text(tc) -> str:
    """python-docx's _Cell.text: the cell's own paragraphs, joined by newlines."""
    return "\n".join(paragraph_text(p) for p in tc.findall(W + "p"))


def docx_elements(document) -> tuple:
    """(document element, styles element or None, numbering element or None) of a python-docx
    Document, for `walk`."""
    try:
        numbering_el = document.part.numbering_part.element
    except (NotImplementedError, KeyError, AttributeError):
        numbering_el = None
    try:
        styles_el = document.styles.element
    except Exception:  # noqa: BLE001 - a styles part python-docx cannot give
        styles_el = None
    return document.element, styles_el, numbering_el


def walk(root, styles_el, numbering_el):
    """Yield (line_text, LineMeta, anchor) for each text line of the document element `root`, in
    document order. `styles_el` is the styles element, None, or its StyleInfo already read.

    anchor is ("p", w:p element, label_len) for a paragraph, ("row", [(offset, w:tc element), ...])
    for a table row (offset of each cell's text within the line). The annotator walks the same way,
    on python-docx's elements.
    """
    renderer = NumberingRenderer.from_element(numbering_el)
    styles, default_style, style_num = styles_el if isinstance(styles_el, StyleInfo) else _style_info(styles_el)
    if root.tag != W + "document":
        raise AttributeError("body")  # python-docx gives no body to another root
    body = root.find(W + "body")
    table_no = 0
    for child in body.iterchildren():
        tag = child.tag
        if tag == W + "p":
            text = paragraph_text(child).replace("\n", " ").replace("\t", " ")
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
            for r in child.findall(W + "r"):  # python-docx's paragraph.runs
                rt = run_text(r)
                if not rt:
                    continue
                if _run_bold(r, style_bold, styles):
                    bold += rt
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
            yield text, m, ("p", child, label_len)
        elif tag == W + "tbl":
            seen_table: set = set()
            for tr in child.findall(W + "tr"):
                seen = set()
                cells = []
                try:
                    tcs = row_cells(tr)
                except Exception:  # noqa: BLE001 - malformed spans
                    tcs = []
                for tc in tcs:
                    if tc in seen:
                        continue
                    seen.add(tc)
                    if tc in seen_table:  # vertically merged: text once, in its first row
                        cells.append(("", tc))
                        continue
                    seen_table.add(tc)
                    cells.append((recache.sub(r"\s+", " ", cell_text(tc)).strip(), tc))
                if any(t for t, _c in cells):
                    offs, pos = [], 0
                    for t, c in cells:
                        offs.append((pos, c))
                        pos += len(t) + 3
                    yield " | ".join(t for t, _c in cells), LineMeta(table=table_no), ("row", offs)
            table_no += 1


# --- the package as python-docx sees it, without python-docx ---------------------------------------

_RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
_WML = "application/vnd.openxmlformats-officedocument.wordprocessingml."
CT_DOCUMENT_MAIN = _WML + "document.main+xml"
CT_STYLES = _WML + "styles+xml"
CT_NUMBERING = _WML + "numbering+xml"
# the content types python-docx loads as XML parts (it parses each when it opens a package)
_XML_PART_TYPES = frozenset({"application/vnd.openxmlformats-package.core-properties+xml", _WML + "comments+xml",
                             CT_DOCUMENT_MAIN, _WML + "footer+xml", _WML + "header+xml", CT_NUMBERING,
                             _WML + "settings+xml", CT_STYLES})


def plain_docx(lines: list[str]) -> bytes:
    """A .docx of plain paragraphs (a styles part with Normal, no numbering), written without
    python-docx: what the batch warms the reader with (python-docx itself is not needed to read)."""
    from html import escape as _escape  # & < > as xml.sax.saxutils.escape, without its import of urllib.request (~45 ms)

    def escape(text: str) -> str:
        return _escape(text, quote=False)

    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    head = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    paras = "".join(f'<w:p><w:r><w:t xml:space="preserve">{escape(line)}</w:t></w:r></w:p>' for line in lines)
    rels = 'xmlns="http://schemas.openxmlformats.org/package/2006/relationships"'
    parts = {
        "[Content_Types].xml": f'{head}<Types xmlns="{_CT[1:-1]}"><Default Extension="rels" ContentType='
                               '"application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" '
                               f'ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType='
                               f'"{CT_DOCUMENT_MAIN}"/><Override PartName="/word/styles.xml" ContentType="{CT_STYLES}"/></Types>',
        "_rels/.rels": f'{head}<Relationships {rels}><Relationship Id="rId1" Type="{_RT}officeDocument" '
                       'Target="word/document.xml"/></Relationships>',
        "word/_rels/document.xml.rels": f'{head}<Relationships {rels}><Relationship Id="rId1" Type="{_RT}styles" '
                                        'Target="styles.xml"/></Relationships>',
        "word/styles.xml": f'{head}<w:styles {w}><w:style w:type="paragraph" w:default="1" w:styleId="Normal">'
                           '<w:name w:val="Normal"/></w:style></w:styles>',
        "word/document.xml": f"{head}<w:document {w}><w:body>{paras}<w:sectPr/></w:body></w:document>",
    }
    import io

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, xml in parts.items():
            zf.writestr(name, xml.encode("utf-8"))
    return buf.getvalue()


class _Unusual(Exception):
    """The package strays from the shape the fast reader follows exactly; python-docx reads it
    (and says what is wrong with it) instead."""


def _fast_elements(names: set[str], blobs: dict[str, bytes]) -> tuple:
    """What `docx_elements(docx.Document(f))` gives (the styles as their StyleInfo), from the
    guard's bytes, as python-docx 1.2.0 gets it: its walk of the relationship graph (every part
    reachable from _rels/.rels must exist and have a content type; every part it loads as XML is
    parsed, so it must parse), its main part (the one officeDocument relationship), and the styles
    and numbering parts related to that.
    Raises _Unusual (or the parse error) where python-docx would read the package differently or
    refuse it: the caller then lets python-docx read it."""
    import posixpath

    from lxml import etree

    parser = etree.XMLParser(remove_blank_text=True, resolve_entities=False)  # python-docx's oxml_parser

    def blob(partname: str) -> bytes:
        if partname[1:] not in blobs:
            raise _Unusual(partname)  # absent, or not kept as XML by the guard
        return blobs[partname[1:]]

    types = etree.fromstring(blob("/[Content_Types].xml"), parser)
    overrides = {o.get("PartName").lower(): o.get("ContentType") for o in types.findall(_CT + "Override")}
    defaults = {d.get("Extension").lower(): d.get("ContentType") for d in types.findall(_CT + "Default")}

    def content_type(partname: str) -> str:
        if partname.lower() in overrides:
            return overrides[partname.lower()]
        ext = posixpath.splitext(partname)[1].removeprefix(".").lower()
        if ext not in defaults:
            raise _Unusual(partname)
        return defaults[ext]

    # source partname -> {rId: (reltype, target partname, None if external)}: python-docx keys a
    # part's relationships by rId, so of two with the same Id the later one is the one it knows
    rels: dict[str, dict[str | None, tuple[str, str | None]]] = {}
    first_reltype: dict[str, str] = {}  # the relationship a part was reached by decides its class in python-docx
    parsed: dict[str, object] = {}

    def load(partname: str) -> None:  # python-docx's PackageReader._walk_phys_parts, depth first
        base, filename = posixpath.split(partname)
        rels_name = posixpath.join(base, "_rels", filename + ".rels")
        by_id: dict[str | None, tuple[str, str | None]] = {}
        rels[partname] = by_id
        if rels_name[1:] not in names:
            return
        for rel in etree.fromstring(blob(rels_name), parser).findall(_PR + "Relationship"):
            reltype, target = rel.get("Type"), rel.get("Target")
            if reltype is None or target is None:
                raise _Unusual(rels_name)
            if rel.get("TargetMode", "Internal") == "External":
                by_id[rel.get("Id")] = (reltype, None)
                continue
            target_name = posixpath.abspath(posixpath.join(base, target))
            by_id[rel.get("Id")] = (reltype, target_name)
            if target_name in first_reltype:  # visited
                continue
            if target_name[1:] not in names:
                raise _Unusual(target_name)
            first_reltype[target_name] = reltype
            ct = content_type(target_name)  # python-docx looks up the content type of every part
            if reltype != _RT + "image" and ct in _XML_PART_TYPES:  # a styles part: what the walker reads of it
                parsed[target_name] = _styles_of_part(blob(target_name)) if ct == CT_STYLES else \
                    etree.fromstring(blob(target_name), parser)
            load(target_name)

    def related(partname: str, reltype: str, ct: str, needed: bool):
        """The element of the one part `partname` relates to by `reltype`, of content type `ct`."""
        found = [t for rt, t in rels[partname].values() if rt == reltype]
        if not found and not needed:
            return None
        if len(found) != 1 or found[0] is None or first_reltype[found[0]] == _RT + "image" or content_type(found[0]) != ct:
            raise _Unusual(reltype)
        return parsed[found[0]]

    load("/")
    root = related("/", _RT + "officeDocument", CT_DOCUMENT_MAIN, True)
    main_name = next(t for rt, t in rels["/"].values() if rt == _RT + "officeDocument" and t)
    styles_el = related(main_name, _RT + "styles", CT_STYLES, False)
    if styles_el is None:  # no styles part: python-docx takes the styles of its default template
        styles_el = _styles_of_part(_python_docx_default_styles())
    numbering_el = related(main_name, _RT + "numbering", CT_NUMBERING, False)
    return root, styles_el, numbering_el


def _python_docx_default_styles() -> bytes:
    """python-docx's templates/default-styles.xml (StylesPart.default), found without importing it."""
    import importlib.util
    import os

    spec = importlib.util.find_spec("docx")  # a top-level package is found, not imported
    if spec is None or not spec.submodule_search_locations:
        raise _Unusual("python-docx")
    with open(os.path.join(list(spec.submodule_search_locations)[0], "templates", "default-styles.xml"), "rb") as fh:
        return fh.read()


def _python_docx(source: str | IO[bytes], path: str):
    try:
        import docx

        return docx.Document(source)
    except (zlib.error, lzma.LZMAError, zipfile.BadZipFile, EOFError):
        raise ReportError("Word 文档已损坏（压缩数据无法解压）", path=path) from None
    except MemoryError:
        raise
    except Exception as exc:  # noqa: BLE001 - python-docx raises many kinds on broken files
        raise ReportError(f"Word 文档无法打开（内部结构有误：{type(exc).__name__}）", path=path) from None


def open_docx(source: str | IO[bytes], name: str | None = None):
    """python-docx Document (from a path or the file's bytes) after the zip/XML guards; ReportError
    (naming `name`, else the path) when it cannot be opened."""
    path = name or (source if isinstance(source, str) else "")
    _guard_zip(source, path)
    if not isinstance(source, str):
        source.seek(0)
    return _python_docx(source, path)


def read_docx(path: str) -> Source:
    """The text lines of a .docx. Reads the guard's bytes with lxml as python-docx would; a package
    of an unusual shape (see _fast_elements) is read by python-docx itself, with the same walker."""
    names, blobs = _guard_zip(path, path, keep=True)
    elements: tuple | None
    try:
        elements = _fast_elements(names, blobs)
    except MemoryError:
        raise
    except Exception:  # noqa: BLE001 - _Unusual, or a part python-docx would fail on: let it say so
        elements = None
    del blobs
    document = _python_docx(path, path) if elements is None else None
    lines: list[str] = []
    meta: dict[int, LineMeta] = {}
    try:
        for text, m, _anchor in walk(*(elements or docx_elements(document))):
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
