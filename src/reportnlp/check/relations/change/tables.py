"""Changes stated in tables: a 同比/增减 column against this year's and last year's columns."""
from __future__ import annotations

import reportnlp.recache as recache
from ....numbers import decimals
from .elements import Subject, claim_element
from .evaluate import evaluate
from .relation import ChangeCheck

COL_RATE = recache.compile(r"同比|增长率|增幅|增减率|增减幅度|变化率|增减%|增减\(%\)")
COL_DELTA = recache.compile(r"^(?:同比)?(?:增减|增加|变化)(?:量|数|额)?(?:\(.*\))?$")


def table_changes(rep, claims) -> list[ChangeCheck]:
    """`指标 | 2024年 | 2023年 | 同比增长(%)`: each row's rate (and change) against its two years."""
    year = rep.meta.year
    heads: dict[int, list[str]] = {}
    for _ln, (tno, rno, cells, _hu) in rep.tables.items():
        if rno == 0:
            heads[tno] = [recache.sub(r"\s+", "", c[2]) for c in cells]
    at = {(c.table, c.row, c.col): c for c in claims if c.in_table}
    out = []
    for tno, head in heads.items():
        years = {}
        for i, h in enumerate(head):
            m = recache.match(r"^(20\d{2})年(?:度)?(?:\(.*\))?$", h)
            if m:
                years[int(m.group(1))] = i
            elif recache.match(r"^(?:本年|今年|本年度)", h) and year:
                years[year] = i
            elif recache.match(r"^(?:上年|去年|上年度|上年同期|去年同期)", h) and year:
                years[year - 1] = i
        pairs = [(y, years[y], years[y - 1]) for y in years if y - 1 in years]
        rate_col = next((i for i, h in enumerate(head) if COL_RATE.search(h)), None)
        delta_col = next((i for i, h in enumerate(head) if COL_DELTA.match(h)), None)
        if len(pairs) != 1 or (rate_col is None and delta_col is None):
            continue
        _y, ci, pi = pairs[0]
        rows = sorted({r for (t, r, _c) in at if t == tno and r > 0})
        for r in rows:
            cur, prev = at.get((tno, r, ci)), at.get((tno, r, pi))
            if cur is None or prev is None:
                continue
            stated = []
            rc, dc = at.get((tno, r, rate_col)), at.get((tno, r, delta_col))
            if rc is not None:
                e = claim_element(rc, "rate", 1 if rc.value >= 0 else -1)
                e.unit, e.rounded, e.step = "%", True, 10 ** -decimals(rc.text)
                stated.append(e)
            if dc is not None:
                stated.append(claim_element(dc, "delta", 1 if dc.value >= 0 else -1))
            cur_el, prev_el = claim_element(cur, "plain"), claim_element(prev, "prev")
            sub = Subject(cur=cur_el, prev=prev_el, stated=stated)
            for e in (cur_el, prev_el, *stated):
                if e.claim is not None and e.claim.unit is None and e.role != "rate":
                    e.unit = None
            out.extend(evaluate(sub, "year"))
    return out
