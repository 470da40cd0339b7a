"""Terminal view: the outline with statutory parts marked, then findings by severity.

The view is built once as lines of (text, rich style) segments (`view`). On a terminal rich draws
it in colour (`render`); written to a pipe or a file, where rich would draw no style at all, the
same lines are written as plain text (`plain`) without loading rich (about 20 ms of a cold check).
`plain_output` decides as rich's `Console.is_terminal` does, and a test holds both writers to
the same characters. Report text in a segment is made safe for both: a tab becomes a space, and
control characters (rich drops some, passes escape sequences on to the terminal) are removed.
"""
from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

import reportnlp.recache as recache
from ..domain.parts import short_names
from ..model import Report

if TYPE_CHECKING:  # pragma: no cover - typing only
    from rich.console import Console

SEV_ZH = {"error": "错误", "warning": "警告", "info": "提示"}
SEV_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}

Line = list[tuple[str, str]]  # (text, rich style; "" for none)


def _safe(text: str) -> str:
    """Report text as one terminal line: tabs as spaces, no control characters."""
    return recache.sub(r"[\x00-\x08\x0a-\x1f\x7f]", "", text.replace("\t", " "))


def context_of(rep: Report, f, width: int = 14) -> tuple[str, str, str]:
    p = rep.span(f.nstart, f.nend, f.ostart, f.oend)
    if p["start"] is None:
        return "", "", ""
    t = rep.source.text
    s, e = p["start"], p["end"]
    left = t[max(0, s - width):s].split("\n")[-1]
    right = t[e:e + width].split("\n")[0]
    return left, t[s:e], right


def view(rep: Report) -> list[Line]:
    """The terminal view of one report, as lines of styled segments."""
    m = rep.meta
    out: list[Line] = [[(_safe(rep.source.path), "bold")]]
    info = [f"年度：{m.year or '未识别'}", f"单位：{m.org or '未识别'}", f"类型：{m.doc_type or '未识别'}",
            f"字体：{'繁体' if rep.norm.script == 'traditional' else '简体'}"]
    out.append([("  " + _safe("  ".join(info)), "")])
    out.append([("  结构：", "bold")])
    for h in rep.headings:
        p = rep.span(h.nstart, h.nend)
        line: Line = [(f"  {'  ' * (h.level - 1)}{p['line']:>4}  {_safe(p['text'] or '')}", "")]
        if h.canonical:
            line += [(" ", ""), (f"〔{short_names()[h.canonical]}〕", "green")]
        out.append(line)
    for s in rep.sections:
        if s.heading is None:
            p = rep.span(s.nstart, s.nstart + 1)
            out.append([(f"  {p['line']:>4}  ", ""), (f"〔{short_names()[s.canonical]}：无标题段落〕", "green")])
    if m.statutory_applicable:
        if rep.missing:
            out.append([("  ", ""), ("缺少法定部分：", "bold red"), ("、".join(short_names()[x] for x in rep.missing), "")])
        else:
            out.append([("  ", ""), ("法定部分齐全", "green")])
    else:
        out.append([("  ", ""), ("（此类文件不要求法定五部分）", "dim")])
    if not rep.findings:
        out += [[("  ", ""), ("未发现问题", "green")], []]
        return out
    for sev in ("error", "warning", "info"):
        fs = [f for f in rep.findings if f.severity == sev]
        if not fs:
            continue
        out.append([(f"  {SEV_ZH[sev]}（{len(fs)}）", SEV_STYLE[sev])])
        for f in fs:
            p = rep.span(f.nstart, f.nend, f.ostart, f.oend)
            left, mid, right = context_of(rep, f)
            where = f"第{p['line']}行" if p["line"] else "全文"
            out.append([(f"    {where:<7} {f.code} ", "dim"), (_safe(f.message), "")])
            if mid:
                out.append([("           …" + _safe(left), "dim"), (_safe(mid), "reverse " + SEV_STYLE[sev]),
                            (_safe(right) + "…", "dim")])
    out.append([])
    return out


def render(rep: Report, console: Console) -> None:
    """The view drawn by rich (colours on a terminal)."""
    from rich.text import Text

    for line in view(rep):
        text = Text()
        for part, style in line:
            text.append(part, style=style or None)
        console.print(text)


def plain(rep: Report) -> str:
    """The view as the plain text rich writes where it draws no style."""
    return "".join("".join(part for part, _style in line) + "\n" for line in view(rep))


def plain_output(stream: Any) -> bool:
    """True when rich would draw no style on `stream`, by rich's own rules (`Console.is_terminal`):
    TTY_COMPATIBLE=0 / 1 decides, then FORCE_COLOR (set and not empty: a terminal), then isatty."""
    compatible = os.environ.get("TTY_COMPATIBLE", "")
    if compatible in ("0", "1"):
        return compatible == "0"
    force = os.environ.get("FORCE_COLOR")
    if force is not None:
        return force == ""
    try:
        return not stream.isatty()
    except (AttributeError, ValueError):
        return True


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
