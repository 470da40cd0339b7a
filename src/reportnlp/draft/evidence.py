"""The shortcomings and next-year parts of a draft, from what the data shows — never invented.

A shortcoming is written only where a figure supports it: a decline against last year of work
whose label says more is better (检查, 培训, 宣传 …), a rise of what should fall (投诉, 复议,
事故 …), a rate below the 100% the rules expect (整改率, 办结率 …), fewer items dealt with than
found (发现隐患 / 已整改), a lost case or a corrected decision (败诉, 纠错), a statutory part
missing from last year's report. Each sentence is
traced to its data cells. Where nothing supports one, the part is a marked blank for the office.
The next-year tasks come from the periods current for next year (the formulation calendar the
checker reads: 普法 plan, 法治政府建设实施纲要) and from the weak figures above.
The vocabulary is domain data (`domain/data/draft_wording.yaml` `evidence`, `plans`).
"""
from __future__ import annotations

from dataclasses import dataclass, field

import reportnlp.recache as recache
from ..check.lexicon import lexicon
from ..check.relations.change.arithmetic import change_phrase, compute_change
from ..domain.parts import part as statutory_part
from ..extract.labels import clean, group_of, stem
from . import formulations as F
from .changes import cells
from .figures import figure, strip_marks
from .wording import topic as topic_of
from .wording import vocab
from .wording import work as work_of

CN_ORD = "一二三四五六七八九十"


@dataclass
class Evidence:
    kind: str  # decline | rise | rate_gap | open_items | missing_part
    text: str  # the sentence without its ordinal
    topic: str  # what it is about (a label's stem, a part's name)
    group: str  # the label's group, for the next-year remedy
    cells: list[str] = field(default_factory=list)
    weight: float = 0.0  # larger first
    verb: str = ""  # what open items still wait for (整改, 化解)

    def trace(self) -> dict:
        return {"text": self.text, "kind": "shortcoming", "evidence": self.kind, "label": self.topic,
                "cells": self.cells, "cell": "；".join(self.cells)}


def _has(label: str, cues) -> str | None:
    hit = [c for c in cues if c in label]
    return max(hit, key=len) if hit else None


def _common(a: str, b: str) -> str:
    """The longest common run of two labels (`发现安全隐患`, `隐患已整改` → 隐患)."""
    best = ""
    for i in range(len(a)):
        for j in range(i + len(best) + 1, len(a) + 1):
            if a[i:j] in b:
                best = a[i:j]
            else:
                break
    return best


def gather(plan, prev_report=None, prev_year: int | None = None) -> list[Evidence]:
    """Every shortcoming the data supports, strongest first."""
    E = vocab()["evidence"]
    S = E["sentences"]
    out: list[Evidence] = []
    rows = plan.rows

    def grp(r) -> str:
        g = group_of(r.label, r.metric)
        return g.group if g else "other_work"

    for i, r in enumerate(rows):
        if i in plan.dup:
            continue
        lab = clean(r.label)
        if r.unit == "%":
            if _has(lab, E["full_target"]) and r.value < 100:
                out.append(Evidence("rate_gap", S["rate_gap"].format(label=lab, figure=figure(r)), stem(r.label),
                                    grp(r), [r.where], 100 - r.value))
            elif i in plan.changes.prev and _has(lab, E["less_is_better"]) and r.value > plan.changes.prev[i].value:
                p = plan.changes.prev[i]  # a rate that should fall (纠错率, 败诉率) rose
                out.append(Evidence("rise", S["rise"].format(clause=f"{lab}为{figure(r)}",
                                                              change=plan.changes.phrase(i), topic=stem(r.label)),
                                    stem(r.label), grp(r), cells(p, r), r.value - p.value))
            continue
        f = plan.changes.figures(i)
        if f is None:
            continue
        prev, cur, unit = f
        ch = compute_change(prev, cur)
        if ch.rate is None or abs(ch.rate) < E["min_change_pct"]:
            continue
        clause = strip_marks(plan.clause(i))
        p = plan.changes.prev[i]
        if cur < prev and _has(lab, E["more_is_better"]) and not _has(lab, E["less_is_better"]):
            out.append(Evidence("decline", S["decline"].format(clause=clause, change=change_phrase(prev, cur, unit),
                                                                topic=topic_of(r.label, r.unit), work=work_of(r.label, r.unit)),
                                topic_of(r.label, r.unit), grp(r), cells(p, r), abs(ch.rate)))
        elif cur > prev and _has(lab, E["less_is_better"]):
            out.append(Evidence("rise", S["rise"].format(clause=clause, change=change_phrase(prev, cur, unit),
                                                          topic=topic_of(r.label, r.unit)),
                                topic_of(r.label, r.unit), grp(r), cells(p, r), abs(ch.rate)))
    # a lost case, a corrected decision: questioned whenever above 0 (unless its rise is written already)
    seen = {e.topic for e in out}
    for i, r in enumerate(rows):
        lab = clean(r.label)
        if i in plan.dup or r.unit == "%" or r.value <= 0 or not _has(lab, E["adverse"]):
            continue
        if topic_of(r.label, r.unit) in seen or stem(r.label) in seen:
            continue
        out.append(Evidence("adverse", S["adverse"].format(clause=strip_marks(plan.clause(i))), topic_of(r.label, r.unit),
                            grp(r), [r.where], r.value))
    # fewer dealt with than found: a `done` row under a `found` row of the same thing and unit
    for j, d in enumerate(rows):
        dl = clean(d.label)
        done = _has(dl, E["done"])
        if not done or j in plan.dup or d.unit == "%":
            continue
        for i, f in enumerate(rows):
            fl = clean(f.label)
            if i == j or (f.unit or "") != (d.unit or "") or _has(fl, E["done"]) or not _has(fl, E["found"]):
                continue
            noun = _common(stem(f.label), stem(d.label))
            if len(noun) < 2 and len(stem(d.label)) <= 4:  # `已整改` under `发现问题`: the found row's object
                noun = topic_of(f.label)
            if len(noun) < 2 or d.value >= f.value:
                continue
            out.append(Evidence("open_items", S["open_items"].format(
                found=strip_marks(plan.clause(i)), done=strip_marks(plan.clause(j)), noun=noun, done_verb=done),
                noun, grp(f) if grp(f) != "other_work" else grp(d), [f.where, d.where],
                100 * (f.value - d.value) / f.value, done))
            break
    if prev_report is not None:
        for pid in getattr(prev_report, "missing", []) or []:
            name = statutory_part(pid).short
            out.append(Evidence("missing_part", S["missing_part"].format(prev_year=prev_year, part=name), name,
                                "other_work", [f"{prev_year}年度报告"], 1000))
    order = {"missing_part": 0, "adverse": 1, "rate_gap": 2, "open_items": 3, "rise": 4, "decline": 5}
    out.sort(key=lambda e: (order[e.kind], -e.weight))
    return out[: E["max_sentences"]]


def _numbered(items: list[str]) -> str:
    return "".join(f"{CN_ORD[k]}是{t}。" for k, t in enumerate(items))


def shortcomings_paragraph(found: list[Evidence]) -> str:
    """一是…。二是…。 from the evidence; the marked blank when there is none."""
    if not found:
        return vocab()["evidence"]["blank"]
    return _numbered([e.text for e in found])


def _outline_period(year: int):
    """The 法治政府建设实施纲要 of the formulation calendar that still applies in `year`."""
    for p in sorted(lexicon().periods, key=lambda p: p.since or 0, reverse=True):
        if p.kind == "outline" and "法治政府建设实施纲要" in p.name and (p.since or 0) <= year \
                and (p.until is None or year <= p.until):
            return p
    return None


def next_year_paragraph(found: list[Evidence], year: int) -> tuple[str, list[dict]]:
    """Next year's tasks: the current periods' documents, then one task for each weak figure."""
    P = vocab()["plans"]
    nxt = year + 1
    items, trace = [], []
    action = (f"谋划启动{F.pufa(nxt)}规划" if F.pufa(nxt) != F.pufa(year) else f"深入实施{F.pufa(nxt)}规划")
    items.append(P["period"]["pufa"].format(pufa_action=action))
    trace.append({"text": items[-1], "kind": "plan", "basis": f"{F.pufa(nxt)}（普法规划期）", "cell": "普法规划期"})
    o = _outline_period(nxt)
    if o is not None:
        end = recache.search(r"—\s*(\d{4})", o.name)
        key = "outline_closing" if end and nxt > int(end.group(1)) else "outline_running"
        items.append(P["period"][key].format(outline=o.name))
        trace.append({"text": items[-1], "kind": "plan", "basis": o.name, "cell": o.source or o.name})
    seen = set()
    for e in found:
        if e.kind == "missing_part" or (e.topic, e.kind) in seen:
            continue
        seen.add((e.topic, e.kind))
        remedy = P["remedies"].get(e.group) or P["remedies"]["other_work"]
        items.append(P["weak"].format(topic=e.topic, issue=P["issues"][e.kind].format(verb=e.verb), remedy=remedy))
        trace.append({"text": items[-1], "kind": "plan", "basis": e.text, "cells": e.cells, "cell": "；".join(e.cells)})
    if len(items) <= 2:  # no weak figure: the office's own tasks, never invented ones
        items.append(vocab()["evidence"]["blank"])
    return _numbered(items), trace
