"""Write a draft as a .docx laid out as GB/T 9704 official documents are: title 方正小标宋简体
二号, body 仿宋_GB2312 三号, level-1 headings 黑体, level-2 楷体_GB2312, standard margins
(fonts are named even where they are not installed)."""
from __future__ import annotations

from typing import IO

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

FONTS = {"title": ("方正小标宋简体", 22), "h1": ("黑体", 16), "h2": ("楷体_GB2312", 16), "body": ("仿宋_GB2312", 16),
         "salutation": ("仿宋_GB2312", 16), "signature": ("仿宋_GB2312", 16)}


def _font(run, name: str, size: int, bold: bool = False):
    run.font.name = name
    run.font.size = Pt(size)
    run.font.bold = bold
    rpr = run._r.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.append(rfonts)
    for attr in ("w:eastAsia", "w:ascii", "w:hAnsi"):
        rfonts.set(qn(attr), name)


def write_docx(draft, path: str | IO[bytes]) -> None:
    d = docx.Document()
    sec = d.sections[0]
    sec.page_height, sec.page_width = Mm(297), Mm(210)
    sec.top_margin, sec.bottom_margin, sec.left_margin, sec.right_margin = Mm(37), Mm(35), Mm(28), Mm(26)
    paras = draft.paras
    # the signature block (org and date) must not stand alone on the last page: the last body
    # paragraph and every signature line but the last are kept with the next paragraph
    sig = [i for i, p in enumerate(paras) if p.kind == "signature"]
    keep_next = set(sig[:-1])
    if sig and sig[0] > 0:
        keep_next.add(sig[0] - 1)
    for i, p in enumerate(paras):
        # headings keep Word's outline styles (navigation pane), the title is a centred paragraph
        style = {"h1": "Heading 1", "h2": "Heading 2"}.get(p.kind)
        para = d.add_paragraph(style=style) if style else d.add_paragraph()
        name, size = FONTS[p.kind]
        run = para.add_run(p.text)
        _font(run, name, size)
        pf = para.paragraph_format
        pf.line_spacing = Pt(28)
        if i in keep_next or style:
            pf.keep_with_next = True  # headings too: never the last line of a page
        if p.kind == "title":
            para.alignment = WD_ALIGN_PARAGRAPH.CENTER
        elif p.kind == "signature":
            para.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        elif p.kind != "salutation":
            pf.first_line_indent = Pt(32)
        # heading styles carry colours, bold and spacing of their own: keep the official look
        run.font.color.rgb = RGBColor(0, 0, 0)
        if style:
            run.font.bold = False
            pf.space_before = Pt(0)
            pf.space_after = Pt(0)
    d.core_properties.author = "reportnlp draft"
    d.save(path)
