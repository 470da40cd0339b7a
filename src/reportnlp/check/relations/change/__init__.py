"""Stated changes between two periods (同比增长, 比上年增加, 由A提高到B, 增长1.5倍 …), recomputed.

Step contract: needs claims (values, units, spans), the normalised text and the report's year;
optionally last year's figures (the previous report given with `check --previous`, or the
`--data` rows of the previous year). Adds one `ChangeCheck` per stated figure that can be
recomputed — the consistent ones too; rule RN208 reports the others.

Within a sentence the figures play roles: the current figure, the previous one (由A…, 比上年的A,
(上年为A), 上年A), a stated absolute change (增加37件), a rate (增长9%), a multiplier (增长1.5倍,
是上年的3倍, 翻一番) or a difference of two rates (提高1.2个百分点). A stated figure is checked
against what the others give; the written precision decides, and one unit of the last written
digit is rounding (info). Approximate statements (约两成, 大幅增长, 近30%) and targets are not
checked. The vocabulary and the conventions live in domain/data/changes.yaml.

`arithmetic.compute_change` is the one computation of a change: `compare --history` and `draft` use it.

Modules: vocabulary (the words, from domain/data/changes.yaml), arithmetic (the one computation),
relation (the typed ChangeCheck), elements (roles of the figures of a sentence and their grouping),
evaluate (recomputing a stated figure), tables (同比 columns). Last year's figures are handed in by
the caller (`previous_figures`): this package imports nothing above the check layer.
"""
from __future__ import annotations

from bisect import bisect_left

from ....numbers import to_base
from ...figures import metric_values
from .arithmetic import ChangeFigures, change_phrase, compute_change
from .elements import Element, basis_of, elements, labelled_before, respectively, sentences, subjects
from .evaluate import evaluate_best
from .relation import ChangeCheck
from .tables import table_changes
from .vocabulary import patterns

__all__ = ["ChangeCheck", "ChangeFigures", "change_phrase", "compute_change", "find_changes",
           "previous_figures_from_data", "previous_figures_from_report"]


def find_changes(rep, previous_figures: dict | None = None) -> list[ChangeCheck]:
    """Every recomputable stated change of the report.

    `previous_figures`: metric -> (value in base units, source, where) for last year, from the
    previous report or the data; used for a current figure whose sentence gives no previous one."""
    text = rep.norm.text
    P = patterns()
    claims = sorted((c for c in rep.claims if not c.in_table), key=lambda c: c.nstart)
    starts = [c.nstart for c in claims]
    main = set()
    if previous_figures:
        # last year's figure of a metric is compared only with this year's figure of it (the one
        # `compare` stores), not with a part or a sub-figure tagged with the same metric
        main = {(m, v["text"]) for m, v in metric_values(rep).items()}
    out: list[ChangeCheck] = []
    for s0, s1 in sentences(text):
        seg = text[s0:s1]
        if not P["verb"].search(seg) and "倍" not in seg and "番" not in seg and "减半" not in seg:
            continue
        if rep.part_at(s0) == "next_year":
            continue  # targets for the coming year
        own = claims[bisect_left(starts, s0):bisect_left(starts, s1)]
        if "分别" in seg:
            subs = respectively(text, s0, s1, own)
        else:
            subs = subjects(elements(text, s0, s1, own), text, s0, rep.meta.year)
        for sub in subs:
            first = sub.stated[0]
            anchor = min(e.nstart for e in (sub.cur, sub.prev, first) if e is not None)
            clause_start = max(text.rfind(",", s0, anchor), s0 - 1) + 1
            if P["plan"].search(text[clause_start:first.nstart]):
                continue
            basis = "explicit" if sub.explicit else basis_of(text, s0, first.nstart)
            if sub.prev is None and sub.cur is not None and sub.cur.label_year:
                sub.prev = labelled_before(text, s0, claims, sub.cur)  # 2023年受理66件。2024年受理151件,同比……
            ext = None
            if sub.prev is None and previous_figures and sub.cur is not None and sub.cur.claim is not None \
                    and basis == "year" and sub.cur.claim.metric in previous_figures and sub.cur.unit != "%" \
                    and (sub.cur.claim.metric, sub.cur.claim.text) in main:
                val, src, where = previous_figures[sub.cur.claim.metric]
                pe = Element("prev", sub.cur.nstart, sub.cur.nend, "", val, sub.cur.unit, 0.0, False)
                ext = (pe, src, where)
            out.extend(evaluate_best(sub, basis, ext))
    out += table_changes(rep, rep.claims)
    out.sort(key=lambda ch: ch.nstart if ch.nstart is not None else -1)
    return out


def previous_figures_from_report(prev_rep) -> dict:
    """metric -> (base value, 'previous_report', file) from last year's analysed report."""
    name = getattr(prev_rep.source, "path", None)
    return {m: (v["value"], "previous_report", f"{name}：{v['text']}") for m, v in metric_values(prev_rep).items()}


def previous_figures_from_data(rows, org: str | None, year: int | None) -> dict:
    """metric -> (base value, 'data', cell) from the data rows of the year before `year`."""
    if not rows or not year:
        return {}
    from ...datacheck import select_rows  # only with --data: a plain check does not import it

    out = {}
    for r in select_rows(rows, org, year - 1):
        if r.year == year - 1 and r.metric not in out:
            out[r.metric] = (to_base(r.value, r.unit), "data", r.where)
    return out
