"""Build small .docx files for tests: real numbering.xml definitions, styles, bold run-ins, tables."""
from __future__ import annotations

import copy

import docx
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def add_abstract_num(doc, abstract_id: int, levels: list[tuple[str, str, int]]):
    """levels: (numFmt, lvlText, start) per ilvl. Returns the numbering element."""
    numbering = doc.part.numbering_part.element
    lvls = "".join(
        f'<w:lvl w:ilvl="{i}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/>'
        f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/></w:lvl>'
        for i, (fmt, text, start) in enumerate(levels)
    )
    an = parse_xml(f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{abstract_id}">{lvls}</w:abstractNum>')
    # abstractNum elements must precede num elements
    first_num = numbering.find(qn("w:num"))
    if first_num is not None:
        first_num.addprevious(an)
    else:
        numbering.append(an)
    return numbering


def add_num(doc, num_id: int, abstract_id: int, start_overrides: dict[int, int] | None = None):
    numbering = doc.part.numbering_part.element
    ov = "".join(f'<w:lvlOverride w:ilvl="{il}"><w:startOverride w:val="{v}"/></w:lvlOverride>'
                 for il, v in (start_overrides or {}).items())
    numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/>{ov}</w:num>'))


def numbered(paragraph, num_id: int, ilvl: int):
    pPr = paragraph._p.get_or_add_pPr()
    pPr.append(parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr>'))
    return paragraph


def new_doc():
    return docx.Document()


def add_run_in(doc, bold: str, body: str, style=None):
    p = doc.add_paragraph(style=style)
    r = p.add_run(bold)
    r.bold = True
    p.add_run(body)
    return p


__all__ = ["add_abstract_num", "add_num", "numbered", "new_doc", "add_run_in", "copy", "W_NS"]
