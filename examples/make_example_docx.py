"""Build examples/report_2025.docx from report_2025.txt: level-1 headings numbered by Word
auto-numbering (chineseCounting, `%1、`), so the example exercises the numbering renderer."""
import os
import re

import docx
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Pt

HERE = os.path.dirname(os.path.abspath(__file__))


def main():
    lines = open(os.path.join(HERE, "report_2025.txt"), encoding="utf-8").read().splitlines()
    d = docx.Document()
    numbering = d.part.numbering_part.element
    an = parse_xml(f'<w:abstractNum {nsdecls("w")} w:abstractNumId="50"><w:lvl w:ilvl="0"><w:start w:val="1"/>'
                   '<w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/><w:lvlJc w:val="left"/></w:lvl></w:abstractNum>')
    first = numbering.find(qn("w:num"))
    first.addprevious(an) if first is not None else numbering.append(an)
    numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="50"><w:abstractNumId w:val="50"/></w:num>'))
    for i, ln in enumerate(lines):
        if i == 0:
            d.add_paragraph(ln, style="Title")
            continue
        if not ln.strip():
            continue
        m = re.match(r"^[一二三四五六七八九十]+、(.*)$", ln)
        if m:
            p = d.add_paragraph(m.group(1), style="Heading 1")
            p._p.get_or_add_pPr().append(parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="0"/><w:numId w:val="50"/></w:numPr>'))
            continue
        m = re.match(r"^(（[一二三四五六七八九十]+）[^。]*。)(.*)$", ln)
        p = d.add_paragraph()
        if m:
            r = p.add_run(m.group(1))
            r.bold = True
            p.add_run(m.group(2))
        else:
            p.add_run(ln)
        for r in p.runs:
            r.font.size = Pt(16)
    d.save(os.path.join(HERE, "report_2025.docx"))


if __name__ == "__main__":
    main()
