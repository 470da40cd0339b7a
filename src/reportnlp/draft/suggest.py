"""`reportnlp suggest`: a proposed paragraph for each statutory part a report is missing."""
from __future__ import annotations

from ..domain.parts import ids as part_ids
from ..model import Finding, Severity
from .compose import heading, part_paragraphs


def suggestions(rep, rows, previous_rows=None) -> list[tuple[str, str, str]]:
    """(part, heading, paragraph text) for each missing part; none for a document type that has
    no statutory parts (a 行政许可 report is not incomplete for lacking them). `previous_rows`: last
    year's data rows, for the 同比 and the shortcomings they show."""
    if not rep.meta.statutory_applicable:
        return []
    org = rep.meta.org or "本单位"
    year = rep.meta.year or 0
    out = []
    for part in rep.missing:
        paras = part_paragraphs(part, org, year, rows or [], previous_rows)
        out.append((part, heading(part, year), "\n".join(p.text for p in paras)))
    return out


def status(rep, sugg) -> str:
    """The one line shown with the suggestions, or instead of them (command line, API and web)."""
    if not rep.meta.statutory_applicable:
        kind = rep.meta.doc_type or "其他类型的文件"
        return f"此文件为“{kind}”，不适用法治政府建设年度报告的法定部分，不提出补充建议。"
    if not sugg:
        return "法定部分齐全，无需补充。"
    return f"缺少{len(sugg)}个法定部分，建议补充如下。"


def as_findings(rep, sugg) -> list[Finding]:
    """Suggestions as comments: anchored after the part that should precede the missing one."""
    order = list(part_ids())
    out = []
    for part, title, text in sugg:
        anchor = None
        for s in rep.sections:
            if s.heading is not None and order.index(s.canonical) < order.index(part):
                anchor = s.heading
        f = Finding(rule="suggestion", code="SUGGEST", severity=Severity.INFO,
                    message=f"建议增加“{title}”一节，参考段落：{text}")
        if anchor is not None:
            f.nstart, f.nend = anchor.nstart, anchor.nend
        out.append(f)
    return out
