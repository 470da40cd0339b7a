"""`--format html`: one self-contained page (no network): the text with parts outlined,
findings highlighted in place (message on hover) and listed beside it, counts by severity."""
from __future__ import annotations

import html as _html
from collections import Counter
from functools import lru_cache
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape

from ..domain.parts import short_names

SEV_ORDER = {"error": 0, "warning": 1, "info": 2}


def _line_html(text: str, spans: list[tuple[int, int, Any]]) -> str:
    """Escape one line and wrap the finding spans (line-relative offsets) in <mark>."""
    if not spans:
        return _html.escape(text)
    cuts = sorted({0, len(text), *[max(0, min(len(text), s)) for s, _e, _f in spans],
                   *[max(0, min(len(text), e)) for _s, e, _f in spans]})
    out = []
    for a, b in zip(cuts, cuts[1:]):
        seg = _html.escape(text[a:b])
        cover = [f for s, e, f in spans if s <= a and b <= e]
        if cover and seg:
            f = min(cover, key=lambda x: SEV_ORDER.get(x.severity, 3))
            title = _html.escape(" / ".join(f"{x.code} {x.message}" for x in cover), quote=True)
            out.append(f'<mark class="f sev-{f.severity}" title="{title}" data-code="{f.code}">{seg}</mark>')
        else:
            out.append(seg)
    return "".join(out)


def doc_context(rep, idx: int = 0) -> dict:
    text = rep.source.text
    lines = text.split("\n")
    starts = [0]
    for ln in lines[:-1]:
        starts.append(starts[-1] + len(ln) + 1)
    per_line: dict[int, list] = {}
    findings = []
    for f in sorted(rep.findings, key=lambda x: (SEV_ORDER.get(x.severity, 3), x.nstart or 0)):
        p = rep.span(f.nstart, f.nend, f.ostart, f.oend)
        anchor = f"doc{idx + 1}"
        if p["start"] is not None:
            s, e = p["start"], p["end"]
            ln = p["line"]
            while s < e and ln <= len(lines):
                ls = starts[ln - 1]
                le = ls + len(lines[ln - 1])
                per_line.setdefault(ln, []).append((s - ls, min(e, le) - ls, f))
                s = le + 1
                ln += 1
            anchor = f"d{idx}-l{p['line']}"
        findings.append({"code": f.code, "severity": f.severity, "message": f.message, "anchor": anchor,
                         "where": f"第{p['line']}行" if p["line"] else "全文"})
    part_lines: dict[int, str] = {}
    heading_lines = set()
    for h in rep.headings:
        if not h.run_in and not h.inline:
            heading_lines.add(rep.span(h.nstart, h.nend)["line"])
    for s in rep.sections:
        ln = rep.span(s.nstart, s.nstart + 1)["line"]
        part_lines.setdefault(ln, short_names()[s.canonical] + ("" if s.heading else "（无标题）"))
    out_lines = []
    for i, t in enumerate(lines, start=1):
        if i == len(lines) and t == "":
            break
        out_lines.append({"no": i, "html": _line_html(t, per_line.get(i, [])), "chrome": i in rep.chrome.lines,
                          "part": part_lines.get(i), "heading": i in heading_lines})
    shown = {f"d{idx}-l{ln['no']}" for ln in out_lines}
    for f in findings:  # every link has its target: a line not shown links to the document
        if f["anchor"] not in shown:
            f["anchor"] = f"doc{idx + 1}"
    counts = Counter(f.severity for f in rep.findings)
    return {"path": rep.source.path, "year": rep.meta.year, "org": rep.meta.org, "doc_type": rep.meta.doc_type,
            "missing": [short_names()[m] for m in rep.missing], "lines": out_lines, "findings": findings,
            "counts": {k: counts.get(k, 0) for k in ("error", "warning", "info")}}


@lru_cache(maxsize=1)
def _template():
    env = Environment(loader=PackageLoader("reportnlp.report", "templates"), autoescape=select_autoescape(["html", "j2"]))
    return env.get_template("check.html.j2")


def render_html(reports) -> str:
    docs = [doc_context(r, i) for i, r in enumerate(reports)]
    totals: Counter[str] = Counter()
    for d in docs:
        totals.update(d["counts"])
    return _template().render(docs=docs, totals={k: totals.get(k, 0) for k in ("error", "warning", "info")})
