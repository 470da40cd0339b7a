"""Draft from last year's report: keep its topical structure and wording where it still holds,
move years forward, update formulations, and never carry an old number silently — each is
replaced from the data or marked 【待核实：原文2024年数值为…】."""
from __future__ import annotations

from ..extract.metrics import catalogue
from . import formulations as F
from .compose import CN_NUM, PART_TITLES, Draft, Para, compose, context, part_paragraphs, render_sentences, templates, values_for


def _part_ranges(prev) -> dict[str, tuple[int, int]]:
    """1-based line ranges (body lines after the heading) of each statutory part of the old report."""
    heads = sorted([(s.line, s.canonical) for s in prev.sections if s.heading is not None])
    n = len(prev.lines)
    out = {}
    for i, (ln, part) in enumerate(heads):
        end = heads[i + 1][0] - 1 if i + 1 < len(heads) else n
        if part in out:  # topical top-level measures headings: one range from the first
            out[part] = (out[part][0], end)
        else:
            out[part] = (ln + (0 if part == "measures" and heads[0][1] == "measures" and
                               sum(1 for _l, p in heads if p == "measures") > 1 else 1), end)
    return out


def _move_years(text: str, prev_year: int, year: int) -> str:
    shift = year - prev_year
    if shift == 0:
        return text
    text = text.replace(f"{prev_year + 1}年", "\0NEXT\0").replace(f"{prev_year}年", f"{year}年")
    return text.replace("\0NEXT\0", f"{prev_year + 1 + shift}年")


def carry_line(prev, ln: int, rows, prev_year: int, year: int, used: set) -> str:
    """One line of the old report with its numbers replaced and years moved."""
    v, by_metric, _ = values_for(rows)
    start = prev.norm.line_starts[ln - 1]
    line = prev.lines[ln - 1]
    end = start + len(line)
    out, pos = [], start

    def seg(a, b):
        return _move_years(_full_width(prev.norm.text[a:b]), prev_year, year)

    for c in prev.claims:
        if not (start <= c.nstart < end) or c.in_table:
            continue
        out.append(seg(pos, c.nstart))
        if c.metric and c.metric in by_metric and c.metric not in used and c.unit != "%":
            out.append(v[c.metric])
            used.add(c.metric)
        else:
            out.append(f"【待核实：原文{prev_year}年数值为{prev.norm.text[c.nstart:c.nend]}】")
        pos = c.nend
    out.append(seg(pos, end))
    return F.modernise("".join(out).strip(), year)[0]


_FW = str.maketrans({",": "，", ";": "；", ":": "：", "(": "（", ")": "）", "!": "！", "?": "？"})


def _full_width(text: str) -> str:
    """Chinese punctuation back to full width (the normalised text folds it)."""
    return text.translate(_FW)


def compose_from_previous(prev, rows, org: str, year: int, signed: str | None = None) -> Draft:
    prev_year = prev.meta.year or year - 1
    base = compose(rows, org, year, signed)
    ranges = _part_ranges(prev)
    used: set = set()
    d = Draft(org=org, year=year, notes=[f"以{prev_year}年度报告为底稿：沿用其结构与表述，数字按数据替换，无数据的标注【待核实】"])
    d.paras = base.paras[:3]
    v, _by, _ = values_for(rows)
    ctx = context(org, year, v)
    heading_lines = {h.line: h for h in prev.headings}
    for i, part in enumerate(("measures", "shortcomings", "first_responsible", "next_year", "other")):
        d.paras.append(Para(f"{CN_NUM[i]}、" + PART_TITLES[part].format(year=year, next=year + 1), "h1", part))
        if part in ranges and part in ("measures", "shortcomings", "first_responsible"):
            a, b = ranges[part]
            n_h2 = 0
            for ln in range(a, b + 1):
                if ln in prev.chrome.lines or not prev.lines[ln - 1].strip():
                    continue
                text = carry_line(prev, ln, rows, prev_year, year, used)
                h = heading_lines.get(ln)
                if h is not None and not h.run_in and h.canonical is None:
                    d.paras.append(Para(text, "h2", part))
                    n_h2 += 1
                elif h is not None and h.canonical == "measures" and h.level == 1:
                    d.paras.append(Para(f"（{CN_NUM[min(n_h2, 9)]}）" + text.split("、", 1)[-1], "h2", part))
                    n_h2 += 1
                else:
                    d.paras.append(Para(text, "body", part))
            if part == "measures":
                # data the old report did not cover: the template paragraphs of those groups
                for g in templates()["measures"]:
                    metrics = [m["id"] for m in catalogue() if m["group"] == g["group"]]
                    if not any(v[m] for m in metrics) or any(m in used for m in metrics) or g.get("always"):
                        continue
                    body = render_sentences(g["sentences"], ctx)
                    if body:
                        d.paras.append(Para(f"（{CN_NUM[min(n_h2, 9)]}）{g['heading']}", "h2", part))
                        d.paras.append(Para(body, "body", part))
                        n_h2 += 1
                        used.update(metrics)
        else:
            d.paras.extend(part_paragraphs(part, org, year, rows))
    d.paras.extend(base.paras[-2:])
    text = d.text()
    d.trace = [t for t in base.trace if t["text"] and t["text"] in text]
    return d
