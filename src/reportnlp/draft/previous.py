"""Draft from last year's report: keep its topical structure and wording where it still holds,
move years forward, update formulations, and never carry an old number silently — each is
replaced from the data or marked 【待核实：原文2024年数值为…】, in tables too. A data row replaces
the old number its own words point to (or, for a catalogue metric, the first number of that
metric); rows the old report did not cover are written as in a fresh draft."""
from __future__ import annotations

import reportnlp.recache as recache
from ..extract.metrics import catalogue
from ..numbers import to_base
from . import formulations as F
from .compose import (
    CN_NUM,
    PARTS,
    Draft,
    Para,
    Plan,
    _mark,
    compose,
    context,
    finish,
    heading,
    join_plain,
    plan_paragraphs,
    render_sentences,
    templates,
)
from .figures import figure as _figure
from .figures import placed_rows


def _part_ranges(prev) -> dict[str, tuple[int, int]]:
    """1-based line ranges (body lines after the heading) of each statutory part of the old report."""
    heads = sorted([(s.line, s.canonical) for s in prev.sections if s.heading is not None])
    n = len(prev.lines)
    out: dict[str, tuple[int, int]] = {}
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


def old_claims(prev, plan) -> dict[int, int]:
    """Which old claim each data row replaces: the claim the row's own words (or its table row or
    header) point to in last year's report, else the first claim of its catalogue metric."""
    from ..check.datacheck import HOW_TABLE, HOW_TEXT, match_rows

    saved = prev.data_rows
    prev.data_rows = plan.rows
    try:
        ms = match_rows(prev)
    finally:
        prev.data_rows = saved
    out: dict[int, int] = {}
    pos = {id(r): i for i, r in enumerate(plan.rows)}
    for m in ms:
        i = pos[id(m.row)]
        if i in plan.dup or m.how not in (HOW_TEXT, HOW_TABLE):
            continue
        for c in m.claims:
            if id(c) in out or (c.unit == "%") != (m.row.unit == "%"):
                continue
            out[id(c)] = i
            break
    return out


def _cell_figure(r, c) -> str:
    """A table cell keeps its form: a bare number in the unit of its column header (万元 stays 万元)."""
    if recache.search(r"[^\d.\-]", c.text.strip()):
        return _figure(r)
    v = to_base(r.value, r.unit) / to_base(1.0, c.unit) if c.unit else r.value
    return str(int(round(v))) if abs(v - round(v)) < 1e-9 else f"{v:g}"


def carry_line(prev, ln: int, plan, prev_year: int, year: int, used: set, by_claim: dict | None = None) -> str:
    """One line of the old report (table rows too) with its numbers replaced and years moved."""
    start = prev.norm.line_starts[ln - 1]
    line = prev.lines[ln - 1]
    end = start + len(line)
    out, pos = [], start
    by_claim = by_claim or {}
    rows_used = {plan.rows[i].metric for i in by_claim.values()}

    def seg(a, b):
        return _move_years(_full_width(prev.norm.text[a:b]), prev_year, year)

    for c in prev.claims:
        if not (start <= c.nstart < end):
            continue
        out.append(seg(pos, c.nstart))
        i = by_claim.get(id(c))
        if i is not None:
            out.append(_mark(i, _cell_figure(plan.rows[i], c) if c.in_table else _figure(plan.rows[i])))
        elif (not c.in_table and c.metric and c.metric in plan.metric_row and c.metric not in used
              and c.metric not in rows_used and c.unit != "%"):
            out.append(plan.v[c.metric])
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


def compose_from_previous(prev, rows, org: str, year: int, signed: str | None = None, previous_rows=None) -> Draft:
    """`previous_rows`: last year's data rows, for the 同比 of each figure (and the shortcomings)."""
    prev_year = prev.meta.year or year - 1
    base = compose(rows, org, year, signed)
    plan = Plan(rows, previous_rows)
    by_claim = old_claims(prev, plan)
    ranges = _part_ranges(prev)
    used: set = set()
    d = Draft(org=org, year=year, notes=[f"以{prev_year}年度报告为底稿：沿用其结构与表述，数字按数据替换，无数据的标注【待核实】"])
    d.paras = base.paras[:3]
    ctx = context(org, year, plan.v, plan.parts)
    heading_lines = {h.line: h for h in prev.headings}
    carried: dict[str, list[Para]] = {}
    # the shortcomings are not carried: last year's are not this year's; they come from the evidence
    for part in ("measures", "first_responsible"):
        if part not in ranges:
            continue
        a, b = ranges[part]
        n_h2 = 0
        paras = carried.setdefault(part, [])
        for ln in range(a, b + 1):
            if ln in prev.chrome.lines or not prev.lines[ln - 1].strip():
                continue
            text = carry_line(prev, ln, plan, prev_year, year, used, by_claim)
            h = heading_lines.get(ln)
            if h is not None and not h.run_in and h.canonical is None:
                paras.append(Para(text, "h2", part))
                n_h2 += 1
            elif h is not None and h.canonical == "measures" and h.level == 1:
                paras.append(Para(f"（{CN_NUM[min(n_h2, 9)]}）" + text.split("、", 1)[-1], "h2", part))
                n_h2 += 1
            else:
                paras.append(Para(text, "body", part))
        if part == "measures":
            # data the old report did not cover: the template paragraphs of those groups
            for g in templates()["measures"]:
                metrics = [m["id"] for m in catalogue() if m["group"] == g["group"]]
                if not any(plan.v[m] for m in metrics) or any(m in used for m in metrics) or g.get("always"):
                    continue
                body = render_sentences(g["sentences"], ctx)
                if body and not placed_rows(body) <= placed_rows("".join(p.text for p in paras)):
                    paras.append(Para(f"（{CN_NUM[min(n_h2, 9)]}）{g['heading']}", "h2", part))
                    paras.append(Para(body, "body", part))
                    n_h2 += 1
                    used.update(metrics)
    fresh = plan_paragraphs(plan, org, year, prev_report=prev)
    # rows neither carried nor in a template paragraph: plain sentences in their groups
    placed = placed_rows("".join(p.text for ps in carried.values() for p in ps))
    if "first_responsible" not in carried:
        placed |= placed_rows("".join(p.text for p in fresh["first_responsible"]))
    plain = plan.unplaced(placed)
    T = templates()
    heads = {g["group"]: g["heading"] for g in T["measures"]}
    for i, part in enumerate(PARTS):
        d.paras.append(Para(f"{CN_NUM[i]}、" + heading(part, year), "h1", part))
        if part in carried:
            d.paras.extend(carried[part])
        else:
            d.paras.extend(fresh[part])
        if part == "measures":
            n_h2 = sum(1 for p in d.paras if p.kind == "h2" and p.part == "measures")
            for g, ss in plain.items():
                if g in ("first_responsible", "litigation"):
                    continue
                d.paras.append(Para(f"（{CN_NUM[min(n_h2, 9)]}）{heads.get(g, T['other_work_heading'])}", "h2", part))
                d.paras.append(Para(join_plain(ss), "body", part))
                n_h2 += 1
        elif part == "first_responsible" and part in carried and plain.get("first_responsible"):
            d.paras.append(Para(join_plain(plain["first_responsible"]), "body", part))
    d.paras.extend(base.paras[-2:])
    finish(d, plan)
    return d
