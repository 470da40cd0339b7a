"""Terminal view (rich): the outline with statutory parts marked, then findings by severity."""
from __future__ import annotations

from rich.console import Console
from rich.markup import escape
from rich.text import Text

from ..domain.parts import short_names
from ..model import Report

SEV_ZH = {"error": "错误", "warning": "警告", "info": "提示"}
SEV_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}


def context_of(rep: Report, f, width: int = 14) -> tuple[str, str, str]:
    p = rep.span(f.nstart, f.nend, f.ostart, f.oend)
    if p["start"] is None:
        return "", "", ""
    t = rep.source.text
    s, e = p["start"], p["end"]
    left = t[max(0, s - width):s].split("\n")[-1]
    right = t[e:e + width].split("\n")[0]
    return left, t[s:e], right


def render(rep: Report, console: Console) -> None:
    m = rep.meta
    console.print(Text(rep.source.path, style="bold"))
    info = [f"年度：{m.year or '未识别'}", f"单位：{m.org or '未识别'}", f"类型：{m.doc_type or '未识别'}",
            f"字体：{'繁体' if rep.norm.script == 'traditional' else '简体'}"]
    console.print("  " + "  ".join(info))
    console.print(Text("  结构：", style="bold"))
    for h in rep.headings:
        p = rep.span(h.nstart, h.nend)
        mark = f" [green]〔{short_names()[h.canonical]}〕[/green]" if h.canonical else ""
        console.print(f"  {'  ' * (h.level - 1)}{p['line']:>4}  {escape(p['text'] or '')}{mark}")
    for s in rep.sections:
        if s.heading is None:
            p = rep.span(s.nstart, s.nstart + 1)
            console.print(f"  {p['line']:>4}  [green]〔{short_names()[s.canonical]}：无标题段落〕[/green]")
    if m.statutory_applicable:
        if rep.missing:
            console.print("  [bold red]缺少法定部分：[/bold red]" + "、".join(short_names()[x] for x in rep.missing))
        else:
            console.print("  [green]法定部分齐全[/green]")
    else:
        console.print("  [dim]（此类文件不要求法定五部分）[/dim]")
    if not rep.findings:
        console.print("  [green]未发现问题[/green]\n")
        return
    for sev in ("error", "warning", "info"):
        fs = [f for f in rep.findings if f.severity == sev]
        if not fs:
            continue
        console.print(Text(f"  {SEV_ZH[sev]}（{len(fs)}）", style=SEV_STYLE[sev]))
        for f in fs:
            p = rep.span(f.nstart, f.nend, f.ostart, f.oend)
            left, mid, right = context_of(rep, f)
            where = f"第{p['line']}行" if p["line"] else "全文"
            line = Text(f"    {where:<7} {f.code} ", style="dim")
            line.append(f.message)
            console.print(line)
            if mid:
                ctx = Text("           …" + left, style="dim")
                ctx.append(mid, style="reverse " + SEV_STYLE[sev])
                ctx.append(right + "…", style="dim")
                console.print(ctx)
    console.print()


def text_lines(rep: Report) -> list[str]:
    """`file:line:col: CODE message` lines, like Vale or ruff."""
    out = []
    for f in rep.findings:
        p = rep.span(f.nstart, f.nend, f.ostart, f.oend)
        if p["start"] is None:
            out.append(f"{rep.source.path}:1:1: {f.code} [{f.severity}] {f.message}")
            continue
        line_start = rep.source.text.rfind("\n", 0, p["start"]) + 1
        col = p["start"] - line_start + 1
        out.append(f"{rep.source.path}:{p['line']}:{col}: {f.code} [{f.severity}] {f.message}")
    return out
