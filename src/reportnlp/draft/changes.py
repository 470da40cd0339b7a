"""同比 phrases in a draft: every figure with last year's figure gets `比上年增加6次、增长7.5%`
(a rate: `比上年提高1.2个百分点`; the same figure: `与上年持平`).

The phrase comes from `check.relations.change.arithmetic.change_phrase` (the computation RN208 checks with), on the
figures as the draft writes them, so the draft's changes are right by construction; the trace
names both data cells. Last year's row is the one with the same catalogue metric, or else the
same label, and the same unit. The phrase is inserted at the first mark of the row while the
draft still carries its marks: after a figure that ends its clause, in brackets after a figure
followed by its 其中 list or standing in one (the list stays next to its total)."""
from __future__ import annotations

import reportnlp.recache as recache
from ..check.relations.change.arithmetic import (
    change_phrase,
    compute_change,
    round_half_up,
)
from ..extract.labels import stem
from .figures import MARK, figure, fmt_value

_LIST_NEXT = recache.compile(r"^[，,]\s*(?:其中|包括|含|分别)")
_IN_LIST = recache.compile(r"其中|包括|分别")
_REST_NEXT = recache.compile(r"^[，,]\s*其余")


def _key(r) -> str:
    return r.metric or stem(r.label)  # `学法次数` last year, `学法` this year: the same figure


def _written(value: float, unit: str | None, like_unit: str) -> float:
    """`value` (data unit) in the unit the draft writes (元 → 万元 for money)."""
    if unit == "元" and like_unit == "万元":
        return round(value / 10000, 2)
    return value


def cells(p, r) -> list[str]:
    """The data cells of last year's and this year's figure; one row of a sheet with a column per
    year names both by the same row, so each is then told by its year."""
    if p.where == r.where:
        return [f"{p.where}（{p.year}年）", f"{r.where}（{r.year}年）"]
    return [p.where, r.where]


class Changes:
    """Last year's row of each current row (by index), and the phrase and trace of its change."""

    def __init__(self, rows, previous_rows=None):
        self.rows = list(rows)
        prev_by: dict = {}
        for r in previous_rows or []:
            prev_by.setdefault(_key(r), r)
        self.prev = {}
        for i, r in enumerate(self.rows):
            p = prev_by.get(_key(r))
            if p is not None and (p.unit or "") == (r.unit or "") and p.value and r.value:
                self.prev[i] = p

    def figures(self, i: int) -> tuple[float, float, str] | None:
        """(previous, current, unit) as the draft writes them."""
        p, r = self.prev.get(i), self.rows[i]
        if p is None:
            return None
        num, unit = fmt_value(r.value, r.unit)
        return _written(p.value, p.unit, unit), float(num), unit

    def phrase(self, i: int) -> str:
        f = self.figures(i)
        if f is None:
            return ""
        prev, cur, unit = f
        if abs(cur - prev) < 1e-9:
            return "与上年持平"
        if unit == "%":
            pts = round_half_up(abs(cur - prev), 1)
            return f"比上年{'提高' if cur > prev else '降低'}{pts:g}个百分点"
        return change_phrase(prev, cur, unit)

    def trace(self, i: int, text: str) -> dict:
        p, r = self.prev[i], self.rows[i]
        f = self.figures(i)
        if f is None:
            raise ValueError(f"row {i} has no figure of last year to trace")
        prev, cur, _unit = f
        ch = compute_change(prev, cur)
        return {"text": text, "kind": "change", "metric": r.metric, "label": r.label, "previous": p.value,
                "current": r.value, "unit": r.unit, "delta": round(ch.delta, 6),
                "rate": round_half_up(ch.rate, 1) if ch.rate is not None else None,
                "cells": cells(p, r), "cell": "；".join(cells(p, r))}


def insert_changes(paras, changes: Changes) -> list[dict]:
    """Write the change of every row that has one after the row's first marked figure (paragraphs
    in order); returns their trace entries."""
    out = []
    done: set[int] = set()
    for para in paras:
        if para.kind != "body" or "\x01" not in para.text:
            continue
        text, pieces, pos = para.text, [], 0
        tails: list[tuple[str, str]] = []  # (mark, sentence to add after the sentence of that mark)
        for m in MARK.finditer(text):
            i = int(m.group(1))
            pieces.append(text[pos:m.end()])
            pos = m.end()
            if i in done or i not in changes.prev:
                continue
            done.add(i)
            phrase = changes.phrase(i)
            if not phrase:
                continue
            after = text[m.end():]
            before = text[max(text.rfind("。", 0, m.start()), text.rfind("；", 0, m.start())) + 1:m.start()]
            if _REST_NEXT.match(after):
                # the last part before `其余为…`: the list must end on its figure (RN201 reads it as
                # unfinished), so the change follows the sentence with the figure restated
                r = changes.rows[i]
                tails.append((m.group(0), f"{stem(r.label)}{figure(r)}，{phrase}。"))
            elif (after[:1] == "、" or _LIST_NEXT.match(after) or _IN_LIST.search(before)
                    or after[:1] not in ("，", ",", "。", "；", ";", "")):
                pieces.append(f"（{phrase}）")
            else:
                pieces.append(f"，{phrase}")
            out.append(changes.trace(i, phrase))
        pieces.append(text[pos:])
        para.text = "".join(pieces)
        for mtext, sentence in tails:
            # after the full stop that ends the list (the mark is unique: it names its row)
            at = para.text.find("。", para.text.find(mtext))
            if at >= 0:
                para.text = para.text[:at + 1] + sentence + para.text[at + 1:]
    return out

