"""`check --explain-structure`: the structure decisions of one report with their evidence."""
from __future__ import annotations

from ..domain.parts import short_names
from ..model import Report

_LABELS = {"title": "标题", "doc_type": "文件类型", "org": "单位", "period": "所述期间", "completeness": "完整性"}


def explain_lines(rep: Report) -> list[str]:
    meta = rep.meta
    out = [f"== 结构判断：{rep.source.path}"]
    for key in ("title", "doc_type", "org", "period", "completeness"):
        ev = meta.evidence.get(key)
        if ev is not None:
            out.append(f"{_LABELS[key]}：{ev.explain()}")
    out.append(f"年度：{meta.year}    适用法定五部分：{'是' if meta.statutory_applicable else '否'}"
               f"    类型确定：{'是' if meta.type_certain else '否'}")
    out.append(f"标题结构（{len(rep.headings)} 个）：")
    for h in rep.headings:
        flags = "".join([" [接正文]" if h.run_in else "", " [行内]" if h.inline else ""])
        part = f" → {h.canonical}" if h.canonical else ""
        out.append(f"  行{h.line} {'  ' * (h.level - 1)}L{h.level} {h.kind}: {h.text.strip()[:40]}{flags}{part}")
    out.append("法定部分：")
    for s in rep.sections:
        why = s.evidence.explain() if s.evidence else "（无依据记录）"
        out.append(f"  {short_names().get(s.canonical, s.canonical)}（行{s.line}）：{why}")
    if meta.statutory_applicable:
        out.append("缺少：" + ("、".join(short_names()[p] for p in rep.missing) if rep.missing else "无"))
    return out
