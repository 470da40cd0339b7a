"""同比 phrases in a draft: each figure with last year's data gets `比上年增加6次、增长7.5%`.

The phrase comes from `check.relations.change.arithmetic.change_phrase` (the computation RN208 checks with), on
the figures as the draft writes them, so the draft's changes are right by construction; the
trace names both data cells."""
from __future__ import annotations

import re

from ..check.relations.change.arithmetic import change_phrase, compute_change, round_half_up
from .compose import fmt_value

# the phrase goes after a figure that ends its clause, never before a 其中/包括 list (the list
# must stay next to its total)
_LIST_NEXT = re.compile(r"^[，,]\s*(?:其中|包括|含|分别)")
_IN_LIST = re.compile(r"其中|包括|分别")


def _written(value: float, unit: str | None, like_unit: str) -> float:
    """`value` (data unit) in the unit the draft writes (元 → 万元 for money)."""
    if unit == "元" and like_unit == "万元":
        return round(value / 10000, 2)
    return value


def add_changes(d, rows, previous_rows) -> int:
    """Insert the change after the first mention of each figure that has a previous-year row.

    Returns the number of phrases added; each adds a trace entry with `kind: change`."""
    if not previous_rows:
        return 0
    prev_by = {}
    for r in previous_rows:
        prev_by.setdefault(r.metric, r)
    added = 0
    seen = set()
    for r in rows:
        if r.metric in seen or r.metric not in prev_by:
            continue
        seen.add(r.metric)
        p = prev_by[r.metric]
        if (p.unit or "") != (r.unit or ""):
            continue  # units differ: nothing safe to write
        num, unit = fmt_value(r.value, r.unit)
        figure = num + unit
        cur_w, prev_w = float(num), _written(p.value, p.unit, unit)
        phrase = change_phrase(prev_w, cur_w, unit)
        if not phrase:
            continue
        for para in d.paras:
            if para.kind != "body" or para.part != "measures":
                continue
            m = re.search(re.escape(figure) + r"(?![\d.])", para.text)
            if not m:
                continue
            after = para.text[m.end():]
            sent = para.text[max(para.text.rfind("。", 0, m.start()), para.text.rfind("；", 0, m.start())) + 1:m.start()]
            if not re.match(r"^[，,。；;]", after) or _LIST_NEXT.match(after) or _IN_LIST.search(sent):
                break
            para.text = para.text[:m.end()] + "，" + phrase + after
            ch = compute_change(prev_w, cur_w)
            d.trace.append({"text": phrase, "kind": "change", "metric": r.metric, "label": r.label,
                            "previous": p.value, "current": r.value, "unit": r.unit,
                            "delta": round(ch.delta, 6), "rate": round_half_up(ch.rate, 1),
                            "cells": [p.where, r.where], "cell": f"{p.where}；{r.where}"})
            added += 1
            break
    return added
