"""Rates against their own counts (RN204 ratio-mismatch).

A rate (`调处成功率96.5%`) is computed from counts written before it. Its numerator is one of
its own counts: a figure after the previous percentage of the passage, so in `即办件3000件,
即办率60%,网上办件率、办结率100%` the 100% has no count of its own and is not checked against
3000. The denominator is any earlier count of the same kind in the sentence or the one before.
Changes (`同比减少17件`) are no counts. A rate above 100% is out of range. A rate that matches no
pair is an error only when one pair is possible, the rate names an outcome (办结率, 整改率 …) that
its numerator is counted under (`办结56件`), and it is not approximate (约19.2%).

A share (`违法占用林地案件26起，占案件总数的42.6%`, `其中网上受理90件，占比75%`) is read from its
words, not from its figures: the numerator is the count written just before 占; the whole is the
earlier count that 占 names (`案件总数` -> the count labelled with 案件), or, when 占 names none
(`占比`, `占总数的`), the count a 其中 opens on, or, for a part that names a state of an outcome
(`移送11起，已办结6起，占比54.5%`), the count before it. It is checked only when those words single out one
whole; a share of something the text does not count (`占全县总人口的35%`) is not checked. A share
may be off by one unit of its last decimal (the last of several rounded so that they add up to 100%).
"""
from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass
from typing import Any

import reportnlp.recache as recache
from ...extract.claims import Claim
from ...model import Check
from ...numbers import same_class
from ..figures import value_of
from .lexicon import decimals, lexicon

_RATE_LABEL = recache.compile(r"率")


@dataclass(kw_only=True)
class RatioCheck(Check):
    """A rate against the counts it is computed from."""

    kind: str = "ratio"
    verdict: str = "consistent"
    rate: Claim
    numerator: Claim | None = None
    denominator: Claim | None = None
    reason: str | None = None  # "range" for a rate outside 0–100%

    @property
    def computed(self) -> float | None:
        if self.numerator is None or self.denominator is None:
            return None
        return round(100 * value_of(self.numerator) / value_of(self.denominator), 3)

    def json_fields(self) -> dict[str, Any]:
        d: dict[str, Any] = {"stated": self.rate.value, "numerator": self.numerator.value if self.numerator else None,
             "denominator": self.denominator.value if self.denominator else None, "computed": self.computed}
        if self.reason:
            d["reason"] = self.reason
        return d

    def claim_refs(self) -> dict[str, Any]:
        return {"claim": self.rate}


def _countable(a: str | None, b: str | None) -> bool:
    return a == b or same_class(a, b) and a is not None and b is not None and a not in ("元", "万元", "亿元")


def _stem(label: str) -> str | None:
    """The word a rate is the rate of: `按时办结率` -> 办结, `签订率` -> 签订."""
    m = lexicon().outcome_rate.search(label) or recache.search(r"([\u4e00-\u9fff]{2})率$", label)
    return m.group(1) if m else None


def _names_its_count(label: str, num: Claim, text: str) -> bool:
    """A rate (`按时办结率`, `签订率`) whose numerator is counted under the same word (`办结56件`, `已签订1197户`)."""
    stem = _stem(label)
    return stem is not None and stem in text[max(0, num.nstart - 8):num.nstart]


def _worded_numerator(label: str, nums: list[Claim], text: str) -> Claim | None:
    """The count whose label holds the longest end of the rate's name (2+ characters before 率), or
    ends on the longest beginning of it (`现场检查96家` for 检查覆盖率: the activity a coverage counts);
    None when no count or several equally (`应签订…已签订…签订率`: the words do not decide)."""
    m = recache.search(r"([\u4e00-\u9fff]{2,6})率$", label)
    if not m:
        return None
    name = m.group(1)
    best, best_len, tie = None, 1, False
    for n in {id(x): x for x in nums}.values():
        own = text[max(0, n.nstart - 10):n.nstart]
        own = recache.split(r"[,;。、:()]", own)[-1]
        k = max((j for j in range(2, len(name) + 1) if name[-j:] in own or own.endswith(name[:j])), default=0)
        if k > best_len:
            best, best_len, tie = n, k, False
        elif k == best_len and k > 1:
            tie = True
    return None if tie else best



def _share(c: Claim, claims: list[Claim], i: int, text: str, ls: int, prev_s: int) -> Check | None:
    """The check of share `c` (claims[i]) against the counts its words name, or None."""
    if c.value is None:
        return None
    lex = lexicon()
    m = lex.share.search(text[max(ls, c.nstart - 20):c.nstart])
    if not m or _RATE_LABEL.search(m.group(0)) or lex.rate_change.search(m.group(0)):
        return None
    zhan = c.nstart - len(m.group(0))  # where 占 is
    before = [d for d in claims[:i] if prev_s <= d.nstart and d.nend <= zhan and not d.in_table
              and d.unit not in (None, "%") and d.value is not None]
    if not before or not recache.fullmatch(r"[，,\s]*", text[before[-1].nend:zhan]):
        return None  # the count before 占 is not the part (or there is none)
    num = before[-1]
    stem = lex.whole_words.sub("", lex.whole_words.sub("", m.group("whole")))  # 全县案件总数 -> 案件
    if len(stem) >= 2:  # 占案件总数的: the counts labelled with 案件
        wholes = [d for d in before[:-1] if stem in recache.split(r"[，,;；:：、。]", text[max(prev_s, d.nstart - 12):d.nstart])[-1]]
    else:  # 占比, 占总数的: the count a 其中 before the part opens on
        k = text.rfind("其中", prev_s, num.nstart)
        wholes = [d for d in before[:-1] if d.nend <= k][-1:] if k >= 0 else []
        if k < 0:  # 移送线索11起，已办结6起，占比54.5%: a state of an outcome is a share of the count before it
            clause = max(text.rfind(ch, prev_s, num.nstart) for ch in "，,；;：:、。") + 1
            if lex.state_of_outcome.search(text[clause:num.nstart]):
                wholes = [d for d in before[:-1] if same_class(d.unit, num.unit)][-1:]
    wholes = [d for d in wholes if _countable(d.unit, num.unit) and value_of(d) > 0 and value_of(num) <= value_of(d)]
    if len(wholes) != 1:
        return None  # no whole, or the words do not single one out
    den = wholes[0]
    # a whole unit of the last decimal: reports round the last of several shares so that they add
    # up to 100% (42件 47.7%, 20件 22.7%, 26件 29.6% of 88, where 26/88 is 29.55%)
    fits = abs(100 * value_of(num) / value_of(den) - c.value) <= 10 ** -decimals(c) + 1e-9
    if not fits and c.approx:
        return None
    return RatioCheck(verdict="consistent" if fits else "inconsistent", nstart=c.nstart, nend=c.nend, rate=c,
                      numerator=num, denominator=den)


def find_ratios(claims: list[Claim], text: str) -> list[Check]:
    checks: list[Check] = []
    is_change: list[bool] | None = None
    for i, c in enumerate(claims):
        if c.unit != "%" or c.in_table or c.value is None:
            continue
        ls = max(text.rfind("。", 0, c.nstart), text.rfind("\n", 0, c.nstart)) + 1
        prev_s = max(text.rfind("。", 0, max(ls - 1, 0)), text.rfind("\n", 0, max(ls - 1, 0))) + 1
        label = text[max(ls, c.nstart - 8):c.nstart]
        if not _RATE_LABEL.search(label) or lexicon().rate_change.search(label):
            share = None if c.value > 100 or c.value < 0 else _share(c, claims, i, text, ls, prev_s)
            if share is not None:
                checks.append(share)
            continue
        if c.value > 100 or c.value < 0:
            checks.append(RatioCheck(verdict="inconsistent", nstart=c.nstart, nend=c.nend, rate=c, reason="range"))
            continue
        if is_change is None:  # once per text, not once per rate and figure
            change = lexicon().change
            is_change = [bool(change.search(text[max(0, d.nstart - 8):d.nstart])) for d in claims]
        lo = bisect_left(claims, prev_s, 0, i, key=lambda x: x.nstart)  # claims are in text order
        window = [d for k, d in enumerate(claims[lo:i], lo) if prev_s <= d.nstart and not d.in_table
                  and d.unit is not None and d.value is not None
                  and not is_change[k]]  # `同比减少17件` counts nothing
        last_pct = max([k for k, d in enumerate(window) if d.unit == "%"], default=-1)
        own = [d for d in window[last_pct + 1:] if d.unit != "%"]
        counts = [d for d in window if d.unit != "%"]
        tol = 0.5 * 10 ** -decimals(c)
        pairs = []
        for num in own:
            for den in counts:
                if den.nstart >= num.nstart or not _countable(den.unit, num.unit):
                    continue
                if value_of(den) <= 0 or value_of(num) > value_of(den):
                    continue
                pairs.append((num, den))
        if not pairs:
            continue
        # the numerator the rate's own words name (`按期办结率` -> `按期办结90件`, not `办结96件`): when
        # one count is named so, the rate is read against it, not against whichever pair fits
        worded = _worded_numerator(label, [n for n, _d in pairs], text)
        if worded is not None:
            pairs = [(n, d) for n, d in pairs if n is worded]
        match = next(((n, d) for n, d in pairs if abs(100 * value_of(n) / value_of(d) - c.value) <= tol + 1e-9),
                     None)
        if match:
            checks.append(RatioCheck(verdict="consistent", nstart=c.nstart, nend=c.nend, rate=c,
                                     numerator=match[0], denominator=match[1]))
        elif not c.approx:
            # paired by words: the one count named with the rate's word, over the nearest earlier
            # count of its kind (`应签订1260户,已签订1197户,签订率…`), whatever the figures give
            # (the denominator is the count just before it in the same clause group: across a ; or a
            # new breakdown, `审结27宗;在已审结的案件中,胜诉24宗,胜诉率100%`, the base is not said)
            named = {id(worded): worded} if worded is not None else \
                {id(n): n for n, _d in pairs if _names_its_count(label, n, text)}
            if len(named) == 1:
                num = next(iter(named.values()))
                den = max((d for n, d in pairs if n is num), key=lambda d: d.nstart)
                if not recache.search(r"[;。]", text[den.nend:num.nstart]):
                    checks.append(RatioCheck(verdict="inconsistent", nstart=c.nstart, nend=c.nend, rate=c,
                                             numerator=num, denominator=den))
    return checks
