"""Totals and their parts (RN201 sum-mismatch, RN202 sum-rounding; subsets go to RN203).

Candidate generation and verification. Every cue that introduces parts opens a list: 其中 /
分别为 / 包括, a bracket right after a figure (`30件(主办8件、协办7件)`), a dimension (`按事项分,` /
`从纠错方式看,` / `在已审结的案件中,`), a figure followed by 中 (`受理的151件中,`). The parts run from
the cue to where the list ends (a new total, a new cue, the paragraph end); figures inside a
part's own bracket belong to that part, not to the outer list; nested totals (`…共计20家`) are
checked and stand for their clause.

Structure first (issue 25). The parts are grouped by unit class (人/人次, 件/项, 元/万元/亿元 …;
个 joins the class of its list) and the wording closes the list: its sentence, up to a clause
that opens with a new predicate or a figure of its own (`_language_list`); a list that runs on
over a 。 may end at a later sentence end. Candidate totals: the figure the structure names (the
one before a bracket or before a mid-sentence 其中; every figure of the previous sentence when
其中 opens a sentence; every earlier figure of the paragraph and the one before for a
dimension), then any earlier figure of the same class. Arithmetic only chooses among these
totals and sentence ends; it never shortens or lengthens the list. When nothing closes, the
structure scorer (structure.py, language features only) must accept the pairing; then one
named total gives an RN201 error (or a subset), several give an RN201 warning naming them.
Lists with 等, ……, an item without a number or cut off, approximate totals (150余家) and
changes (同比增加42件) are never judged.

Without a cue: a list closed by 其他 (`保留事项515项,行政许可218项,其他事项297项`), a figure followed
by parts that add up exactly, a total after its parts (`…,共计20件`), a sentence that opens with
its total (`12件提案所提问题已经解决5件……`), and a table's 合计 row.
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import accumulate
from typing import Any

import reportnlp.recache as recache
from ...extract.claims import Claim
from ...model import Check
from ...numbers import base_unit, family, generic, same_class, to_base, unit_class, units
from ...read import MAX_LIST_PARTS
from ..figures import claim_range, value_of
from .lexicon import decimals, lexicon
from .subset import SubsetCheck, subset_check


@dataclass(kw_only=True)
class SumCheck(Check):
    """A total against the parts it splits into."""

    kind: str = "sum"
    verdict: str = "consistent"
    total: Claim
    parts: list[Claim] = field(default_factory=list)
    marker: str = "其中"
    difference: float = 0.0  # sum of parts minus total, in the total's base unit
    in_table: bool = False
    candidates: list[Claim] = field(default_factory=list)  # several totals the language names, none closing

    @property
    def unit(self) -> str | None:
        return self.total.unit

    @property
    def sum_of_parts(self) -> float:
        return round(value_of(self.total) + self.difference / to_base(1, self.total.unit), 6)

    def json_fields(self) -> dict[str, Any]:
        d = {"total": self.total.value, "parts": [p.value for p in self.parts], "sum_of_parts": self.sum_of_parts,
             "unit": self.unit, "marker": self.marker, "difference": self.difference}
        if self.in_table:
            d["in_table"] = True
        if self.candidates:
            d["candidates"] = [c.value for c in self.candidates]
        return d

    def claim_refs(self) -> dict[str, Any]:
        return {"total_claim": self.total, "part_claims": list(self.parts)}


def sum_verdict(total: Claim, parts: list[Claim]) -> tuple[str, float]:
    s = sum(to_base(value_of(p), p.unit or total.unit) for p in parts)
    t = to_base(value_of(total), total.unit)
    diff = s - t
    if abs(diff) < 1e-6:
        return "consistent", diff
    # money rounded to the last written digit (0.01万元): one unit of the last decimal at most; half
    # of it when the total is written less precisely than its parts (1.2亿元 against 万元 parts)
    if family(total.unit) == "money":
        step_t = to_base(10 ** -decimals(total), total.unit)
        step_p = min(to_base(10 ** -decimals(p), p.unit or total.unit) for p in parts)
        tol = step_t / 2 if step_t > step_p * 1.0001 else step_t
        if (decimals(total) > 0 or step_t > step_p * 1.0001) and abs(diff) <= tol + 1e-6:
            return "rounding", diff
    return "inconsistent", diff


def sum_check(total: Claim, parts: list[Claim], marker: str, in_table: bool = False) -> SumCheck:
    verdict, diff = sum_verdict(total, parts)
    return SumCheck(verdict=verdict, nstart=min(total.nstart, parts[0].nstart), nend=max(total.nend, parts[-1].nend), total=total,
                    parts=list(parts), marker=marker, difference=diff, in_table=in_table)


def classify_list(total: Claim, parts: list[Claim], text: str, marker: str) -> SumCheck | SubsetCheck | None:
    """An unambiguous list that does not close: a partition gone wrong, or a subset."""
    lex = lexicon()
    tot = to_base(value_of(total), total.unit)
    s = sum(to_base(value_of(p), p.unit or total.unit) for p in parts)
    ratio = s / tot if tot else float("inf")
    ctx = "".join(text[max(0, p.nstart - 8):p.nstart] for p in parts)
    if not all(same_class(p.unit, total.unit) for p in parts):
        # parts counted in another kind of unit (检查122次,其中随机抽查7家……): a partition only when
        # the figures nearly add up; otherwise nothing can be said
        if len(parts) >= 2 and family(total.unit) == family(parts[0].unit) and abs(ratio - 1) <= 0.15:
            return sum_check(total, parts, marker)
        return None
    if len(parts) == 1:
        return subset_check(total, parts)
    labels = [_label(p, text) for p in parts]
    partition = lex.partition_hints.search(ctx) or _negated_complement(labels, lex) or any(
        any(a in x for x in labels) and any(b in x for x in labels) for a, b in lex.complements) or (
        marker == "括号" and _kinds_in_bracket(parts, labels, text, lex))
    if lex.subset_words.search(ctx) and not partition:
        return subset_check(total, parts)
    # `接入追溯系统的236家,参加信用评价的187家`: attributes with predicates of their own overlap
    # (`适用简易程序的52件,适用一般程序的36件`: one predicate, its values split the whole), and so do
    # attributes sharing a predicate a thing holds several of (`存在A问题的318家,存在B问题的402家`)
    if not partition and _overlapping_attributes(labels, lex):
        return subset_check(total, parts)
    if lex.weak_subset_words.search(ctx) and not partition and abs(ratio - 1) > 0.1:
        return subset_check(total, parts)
    # far from the whole and nothing in the wording says the parts split it: a selection
    # (卫生技术人员2150人,其中执业医师836人,注册护士912人), not a typo; how far is the unit class's
    # own (units.yaml `partition_within`: areas overlap more than counts of cases)
    within = units().partition_within.get(unit_class(total.unit) or "", 0.15)
    if abs(ratio - 1) > within and not partition and marker != "分别为":  # `A、B分别为` names kinds
        return subset_check(total, parts)
    return sum_check(total, parts, marker)


def _kinds_in_bracket(parts: list[Claim], labels: list[str], text: str, lex) -> bool:
    """A bracket right after a count that names kinds of it (`案件8起（未按规定修建防空地下室4起、擅自拆除
    人防工程1起、…3起）`): a breakdown, unless it says 其中/包括/含 (a selection) or its parts are
    attributes (…的)."""
    o = text.rfind("(", 0, parts[0].nstart)
    if o < 0 or recache.match(r"\s*(?:其中|包括|含)", text[o + 1:parts[0].nstart]):
        return False
    return not any(lex.attribute_part.search(x) for x in labels)


def _negated_complement(labels: list[str], lex) -> bool:
    """A part whose words begin with 未/非 and another part naming what it negates (已整改40项、未整改10项;
    学科类48家、非学科类74家): the two split their whole. A negated attribute alone (未按规定报送…的41家
    beside 使用淘汰设备的9家) says nothing of a split."""
    bare = [recache.sub(r"^(?:其中|另有)", "", x.strip()) for x in labels]
    for i, x in enumerate(bare):
        m = lex.partition_start.search(x)
        if not m:
            continue
        rest = x[m.end():][:2]
        if len(rest) == 2 and any(rest in y for j, y in enumerate(bare) if j != i):
            return True
    return False


def _overlapping_attributes(labels: list[str], lex) -> bool:
    """Parts described by attributes (…的) that may hold for one thing at once: two or more with
    predicates of their own (接入追溯系统的、参加信用评价的; the first two characters), or sharing one a
    thing can hold several of (存在A问题的、存在B问题的), or a kind beside an outcome (属于初信初访的、
    经调解化解的). Parts named by an outcome (补充后通过的、不予处罚的) and the states of one outcome
    (已经解决的、正在解决的) split their whole."""
    attributes = [recache.sub(r"^(?:其中|另有)", "", x.strip()) for x in labels
                  if lex.attribute_part.search(x) and not lex.outcome_state.search(x)]
    plain = [x for x in attributes if not lex.outcome.search(x)]
    if len(plain) >= 2:
        firsts = {x[:2] for x in plain}
        if len(firsts) == len(plain) or (len(firsts) == 1 and all(lex.many_values.search(x) for x in plain)):
            return True
    return len(plain) < len(attributes) and any(lex.kind_part.search(x) for x in plain)


_MAX_TOTALS = 60  # earlier figures a list's total is looked for among (the nearest first)
_LABEL_WINDOW = 200  # characters a figure's words are looked for in (a clause is far shorter)


def _label(c: Claim, text: str) -> str:
    """The words a figure counts: back to the previous separator (`，小学82所` -> 小学), at most
    _LABEL_WINDOW characters (a text without separators must not make every label the whole text)."""
    lo = max(0, c.nstart - _LABEL_WINDOW)
    ls = max(max(text.rfind(ch, lo, c.nstart) for ch in ",;。、:()\n") + 1, lo)
    return text[ls:c.nstart]


# --- the text's structure ------------------------------------------------------------------

def _klass(c: Claim) -> str | None:
    return unit_class(c.unit) if c.unit else None


def _generic(c: Claim) -> bool:
    return generic(c.unit)


def _brackets(text: str, ps: int, pe: int) -> list[tuple[int, int]]:
    out, stack = [], []
    for i in range(ps, pe):
        ch = text[i]
        if ch == "(":
            stack.append(i)
        elif ch == ")" and stack:
            o = stack.pop()
            if not stack and i - o <= 160:
                out.append((o, i))
    return out


def _inside(pos: int, br: list[tuple[int, int]]) -> tuple[int, int] | None:
    """The bracket around `pos`; `br` holds outermost brackets in text order, so they are disjoint
    and one bisect finds the only one that can hold it."""
    k = bisect_left(br, pos, key=lambda b: b[0]) - 1
    if k >= 0 and br[k][0] < pos < br[k][1]:
        return br[k]
    return None


def _sentence_start(text: str, pos: int, ps: int) -> int:
    return max(text.rfind("。", ps, pos), ps - 1) + 1


@dataclass
class _Cue:
    """Words that open a breakdown, and where its parts may stand."""

    kind: str  # list | bracket | dimension | of
    start: int
    end: int  # parts start here
    limit: int  # parts end before here
    marker: str
    anchor: Claim | None = None
    bracket: tuple[int, int] | None = None
    # a bracket after a record of several measures (`拆除违建148处、面积共2.36万平方米(其中…)`): the
    # record's other figures, nearest first, one of which is the whole when the anchor's unit is not the parts'
    record: tuple[Claim, ...] = ()
    names_part: bool = False  # a dimension `在X中,` / `;X中,` whose words named a part of the list before it


@dataclass
class _Item:
    """A figure of a breakdown, with its clause and sentence."""

    claim: Claim
    seg: int  # clause group (; and 。 separate)
    sent: int  # sentence (。 separates)


@dataclass
class _Run:
    """The figures read as one list of parts."""

    items: list[_Item] = field(default_factory=list)
    nested: list[SumCheck] = field(default_factory=list)
    too_long: bool = False  # more than MAX_LIST_PARTS parts: the list is not judged


def _clause_start(text: str, ps: int, pos: int, seps: str = ",;:。") -> int:
    """Where the clause holding `pos` starts: after the last of `seps` before it in the paragraph."""
    return max(text.rfind(x, ps, pos) for x in seps) + 1


def _cues(text: str, ps: int, pe: int, claims: list[Claim], br) -> list[_Cue]:
    lex = lexicon()
    cues: list[_Cue] = []
    own_bracket: set[tuple[int, int]] = set()
    for o, c in br:
        inside = [x for x in claims if o < x.nstart < c and x.unit != "%"]
        if not inside:
            continue
        before = [x for x in claims if x.nend <= o]
        anchor = before[-1] if before and not text[before[-1].nend:o].strip() else None
        if anchor is None and before and recache.match(r"\s*(?:其中|包括|含)", text[o + 1:c]):
            # a clause that opens on its figure (`15家被暂停医保结算(包括4家…、11家…)`, also as a
            # part after 其中): the bracket that says 包括/其中 breaks that figure down, when it is
            # the clause's only count
            cs = _clause_start(text, ps, o)
            own = [x for x in before if x.nstart >= cs]
            if len(own) == 1 and own[0].unit not in (None, "%") and \
                    recache.fullmatch(r"\s*(?:其中)?\s*", text[cs:own[0].nstart]):
                anchor = own[0]
        if anchor is not None and anchor.unit == "%":
            anchor = None
        if all(lex.change.search(text[max(o + 1, x.nstart - 8):x.nstart]) for x in inside):
            continue  # `(较上年减少35件)`: changes, not parts
        if anchor is None and not recache.match(r"\s*(?:其中|包括|含|分别为)", text[o + 1:c]) and \
                not recache.search(r"\d\s*%\s*$", text[max(ps, o - 6):o]):
            continue  # a bracket of its own (`(含上年度结转)`), not a breakdown of a figure
        own_bracket.add((o, c))
        record: tuple[Claim, ...] = ()
        if anchor is not None:
            cs = _clause_start(text, ps, anchor.nstart, ",;:。(")
            record = tuple(x for x in reversed(before[:-1]) if x.nstart >= cs and x.unit not in (None, "%"))
        cues.append(_Cue("bracket", o, o + 1, c, "括号", anchor=anchor, bracket=(o, c), record=record))
    seg = text[ps:pe]
    for rx, kind in ((lex.list_cue, "list"), (lex.dimension_cue, "dimension")):
        for m in rx.finditer(seg):
            s, e = ps + m.start(), ps + m.end()
            b = _inside(s, br)
            if b in own_bracket and not any(b[0] < x.nstart < s for x in claims):
                continue  # `(其中承办27件,协办4件)`: the bracket is the cue
            word = m.group(0).rstrip(",:")
            if kind == "list":
                marker = "分别为" if word.startswith("分别") else "其中"
            else:
                marker = "分项"
            cues.append(_Cue(kind, s, e, b[1] if b else pe, marker, bracket=b))
    for c in claims:
        of = lex.of_figure.match(text[c.nend:c.nend + 12]) if c.unit not in (None, "%") else None
        if of:
            cues.append(_Cue("of", c.nend, c.nend + of.end(), pe, "分项", anchor=c))
    cues.sort(key=lambda q: q.start)
    return cues


def _run(cue: _Cue, claims: list[Claim], text: str, br, cue_starts: list[int]) -> _Run:
    lex = lexicon()
    run = _Run()
    last = cue.end
    seg = sent = 0
    clause: list[Claim] = []
    looked = 0
    for k in range(bisect_left(claims, cue.end, key=lambda x: x.nstart), len(claims)):
        c = claims[k]
        if c.nstart >= cue.limit:
            break
        b = _inside(c.nstart, br)
        if b is not None and b != cue.bracket:
            continue  # inside a part's own bracket
        looked += 1
        if looked > 2 * MAX_LIST_PARTS:  # rates and changes between the parts count too
            run.too_long = True
            break
        gap = text[last:c.nstart]
        if run.items and _new_list(last, c.nstart, cue_starts, br, cue.bracket):
            break  # a new list starts (`其中A、B分别为30件、12件` is still this one)
        if "。" in gap:
            sent += 1
            seg += 1
            clause = []
            if sent > 2:
                break
        elif ";" in gap:
            seg += 1
            clause = []
        if c.unit == "%" or lex.change.search(text[max(last, c.nstart - 8):c.nstart]):
            last = c.nend
            continue  # a rate or a change (`同比增加5件`) between the parts
        if c.unit is None and lex.named_number.match(text[c.nend:c.nend + 6]):
            last = c.nend
            continue  # `12345热线`: a name, not a count
        if lex.nested_total.search(gap):
            whole = to_base(value_of(c), c.unit)
            cb = [x for x in clause if family(x.unit) == family(c.unit) or x.unit is None]
            if abs(sum(to_base(value_of(x), x.unit or c.unit) for x in cb) - whole) >= 1e-6:
                cb = [x for x in cb if same_class(x.unit, c.unit)]
            closes = bool(cb) and abs(sum(to_base(value_of(x), x.unit or c.unit) for x in cb) - whole) < 1e-6
            if not closes:
                # the wording alone makes it the clause's own total when it follows its parts in one
                # clause (`对12家幼儿园和9家培训机构检查共计21家`), or restates their own unit after a
                # comma (`A30件、B22件,共计52件`); not `,共发现问题41个` (个 counts anything)
                own = [x for x in clause if x.unit is not None and same_class(x.unit, c.unit)]
                one_clause = own and not recache.search(r"[,;:]", text[own[-1].nend:c.nstart])
                restated = own and not _generic(c) and all(_klass(x) == _klass(c) and not _generic(x) for x in own)
                if len(own) >= 2 and not c.approx and not any(x.approx for x in own) and (one_clause or restated):
                    cb = own
                else:
                    cb = []
            if cb:
                if len(cb) >= 2:
                    run.nested.append(sum_check(c, cb, "nested"))
                run.items = [it for it in run.items if it.claim not in cb]
                run.items.append(_Item(c, seg, sent))
                clause = []
                last = c.nend
                continue
            break  # a new total starts (`,共发现问题41个`) or the total is restated
        if len(run.items) >= MAX_LIST_PARTS:
            run.too_long = True  # not judged: its first parts say nothing about its total
            break
        run.items.append(_Item(c, seg, sent))
        clause.append(c)
        last = c.nend
    return run


def _new_list(a: int, b: int, cue_starts: list[int], br, own) -> bool:
    """A list cue (outside any bracket but the list's own) starts in [a, b); cue_starts sorted."""
    for k in range(bisect_left(cue_starts, a), len(cue_starts)):
        q = cue_starts[k]
        if q >= b:
            return False
        if _inside(q, br) in (None, own):
            return True
    return False


def _compatible(c: Claim, klass: str | None, fam: str | None) -> bool:
    if c.unit in (None, "%") or c.in_table or c.value is None:
        return False
    if klass is not None:
        return _klass(c) == klass or (klass != "money" and _generic(c))
    return family(c.unit) == fam


def _candidates(cue: _Cue, klass, fam, para: list[Claim], prev: list[Claim], text: str, ps: int,
                run_ids: set[int], used_parts: set[int]) -> tuple[list[Claim], list[Claim]]:
    """(primary, alternatives): the totals the structure names, then any earlier figure that could be one."""
    lex = lexicon()

    def ok(c: Claim) -> bool:  # a figure that could be a total: not a change (`同比增加42件`)
        return _compatible(c, klass, fam) and not lex.change.search(text[max(0, c.nstart - 8):c.nstart])

    # the nearest _MAX_TOTALS figures before the cue (para is in text order): a paragraph of
    # thousands of figures must not make every cue weigh every earlier figure
    before: list[Claim] = []
    for k in range(bisect_right(para, cue.start, key=lambda x: x.nend) - 1, -1, -1):
        if len(before) >= _MAX_TOTALS:
            break
        c = para[k]
        if id(c) not in run_ids and ok(c):
            before.append(c)
    before.reverse()
    before_prev = [c for c in prev[-_MAX_TOTALS:] if ok(c)]
    earlier = list(reversed(before)) + list(reversed(before_prev))
    primary: list[Claim] = []
    if cue.kind in ("bracket", "of"):
        if cue.anchor is not None and _compatible(cue.anchor, klass, fam):
            primary = [cue.anchor]
        elif cue.anchor is not None:  # the record's figure in the parts' unit (148处 of `148处、面积…(其中…)`)
            primary = [x for x in cue.record if _compatible(x, klass, fam)][:1]
    elif cue.kind == "list":
        ss = _sentence_start(text, cue.start, ps)
        opens = not text[ss:cue.start].strip(" ,:")
        if not opens:
            in_sent = [c for c in before if c.nstart >= ss]
            if in_sent:
                t = in_sent[-1]
                # `分别为` after a total: it is marked (共/合计…), or the names of its kinds follow it
                # directly (`抽查企业152家,重点、一般、特殊监管对象分别为46家、98家、8家`)
                names = text[t.nend:cue.start]
                if cue.marker != "分别为" or lex.total_marker.search(text[max(ss, t.nstart - 20):t.nstart]) or \
                        (not recache.search(r"\d", names) and recache.fullmatch(r"[,:]?[^,;:。]*、[^,;:。]*", names)):
                    primary = [t]
        else:
            if ss > ps:
                pss = _sentence_start(text, ss - 1, ps)
                primary = [c for c in before if pss <= c.nstart < ss]
            elif before_prev:
                pps = text.rfind("\n", 0, before_prev[-1].nstart) + 1
                pss = _sentence_start(text, before_prev[-1].nstart, pps)
                if text[pss:before_prev[-1].nstart].strip() == "" and pss > pps:
                    pss = _sentence_start(text, pss - 1, pps)
                primary = [c for c in before_prev if c.nstart >= pss]
    else:  # dimension: any earlier figure of the paragraph or the one before that is not a part already
        named = _named_part(cue, earlier, used_parts, text)
        cue.names_part = bool(named)
        if not named and not recache.match(r"[在按从]", text[cue.start:cue.start + 1]):
            return [], []  # `;X中,` that names no part of the list before it: no breakdown to check
        primary = named or [c for c in earlier if id(c) not in used_parts]
    primary = [c for c in primary if id(c) not in run_ids]
    taken = {id(c) for c in primary}
    alternatives = [c for c in earlier if id(c) not in taken]
    return primary, alternatives


def _named_part(cue: _Cue, earlier: list[Claim], used_parts: set[int], text: str) -> list[Claim]:
    """`在住院费用中,` / `;报告表中,` after a list: the breakdown of the one part of that list whose own
    words hold the longest beginning of the phrase, two characters at least (`住院1204人次`; `报告表33件`,
    not `报告书9件`); [] when the words name none or several alike."""
    inner = recache.fullmatch(r"(?:在)?\s*([\u4e00-\u9fff]{2,16})中[,:]", text[cue.start:cue.end])
    if cue.kind != "dimension" or not inner:
        return []
    phrase = inner.group(1)
    best: list[Claim] = []
    best_len = 1
    for c in earlier:
        if id(c) not in used_parts:
            continue
        own = _label(c, text)
        k = max((j for j in range(2, len(phrase) + 1) if phrase[:j] in own), default=0)
        if k > best_len:
            best, best_len = [c], k
        elif k == best_len and k > 1:
            best.append(c)
    return best if len(best) == 1 else []


def _complete(parts: list[Claim], text: str, cue: _Cue, pe: int) -> bool:
    lex = lexicon()
    last = parts[-1]
    span = text[cue.end:last.nend]
    if lex.incomplete_in.search(span) or lex.incomplete_after.search(text[last.nend:last.nend + 3]):
        return False
    for a, b in zip(parts, parts[1:]):
        pieces = text[a.nend:b.nstart].split("、")
        if len(pieces) > 2 and any(not recache.search(r"\d", x) and x.strip() for x in pieces[1:-1]):
            return False  # an item without a number
    stop = min([x for x in (text.find("。", last.nend, pe), text.find(";", last.nend, pe)) if x >= 0] or [pe])
    tail = text[last.nend:stop]
    if recache.match(r"^\s*、[^,;。\d]+$", tail) or recache.match(r"^\s*、\s*$", tail):
        return False  # a further item with no figure, or the list cut off
    if stop == pe and cue.limit == pe and tail.strip() and not recache.search(r"[。;!?)]\s*$", text[last.nend:pe]) \
            and recache.match(r"^\s*[、,]", tail):
        return False  # the paragraph ends inside the list
    return True


def _closes(total: Claim, parts: list[Claim], text: str) -> str | None:
    if len(parts) < 2 or not total.value or any(p is total for p in parts):
        return None
    if total.approx:  # `160余家`: the parts fall within what the total allows

        lo, hi = claim_range(total, text)
        s = sum(to_base(value_of(p), p.unit or total.unit) for p in parts)
        return "consistent" if lo - 1e-6 <= s <= hi + 1e-6 and not any(p.approx for p in parts) else None
    v, _ = sum_verdict(total, parts)
    return v if v in ("consistent", "rounding") else None


# Whether the wording makes `total` the whole of `parts` (structure.accepts: the structure scorer,
# language features only); given by the caller, so this module needs nothing of the scorer's.
Accept = Callable[[str, str, Claim, list[Claim], int, bool, str], bool]


def find_lists(claims: list[Claim], text: str, accept: Accept | None = None) -> tuple[list[Check], set[int]]:
    """Sum and subset checks for every list a cue opens. Returns the checks and the ids of the claims
    they use or that stand in a cue's list (which the cue-less forms leave alone)."""
    checks: list[Check] = []
    seen: set[tuple] = set()
    used_parts: set[int] = set()
    covered: set[int] = set()
    listed: set[int] = set()  # every figure some cue's list holds, paired or not: never a total of its own
    by_line: dict[int, list[Claim]] = {}
    for c in claims:
        if not c.in_table and c.value is not None:
            by_line.setdefault(c.line, []).append(c)
    history: list[tuple[int, list[Claim]]] = []  # the paragraphs with figures before this one
    for ln in sorted(by_line):
        para = by_line[ln]
        # earlier figures a breakdown may refer to: the two paragraphs before, when close by
        prev = [c for ln2, cs in history[-2:] if ln - ln2 <= 4 for c in cs]
        ps = text.rfind("\n", 0, para[0].nstart) + 1
        pe = text.find("\n", para[0].nstart)
        pe = len(text) if pe < 0 else pe
        br = _brackets(text, ps, pe)
        cues = _cues(text, ps, pe, para, br)
        starts = [q.start for q in cues if q.kind in ("list", "dimension")]
        for cue in cues:
            run = _run(cue, para, text, br, starts)
            if not run.items:
                continue
            for n in run.nested:
                key = (id(n.total), tuple(id(p) for p in n.parts))
                if key not in seen:
                    seen.add(key)
                    checks.append(n)
                    covered.update(id(p) for p in n.parts)
            run_ids = {id(it.claim) for it in run.items}
            listed.update(id(it.claim) for it in run.items if it.sent == 0)
            done: set[str] = set()
            for group in ([] if run.too_long else _groups(run.items, cue)):
                klass, fam, items = group
                if klass is None and fam in done:
                    continue  # a class of this family already made its own check
                if _verify(group, cue, para, prev, text, ps, pe, run_ids, used_parts, covered, seen, checks, accept):
                    done.add(family(items[0].claim.unit) if items[0].claim.unit else "count")
        history.append((ln, para))
    return checks, covered | listed


def _groups(items: list[_Item], cue: _Cue) -> list[tuple[str | None, str | None, list[_Item]]]:
    """Parts by unit class; unitless parts (`合格50不合格1`) join the class of the figures around them."""
    classes: list[str | None] = []
    for it in items:
        k = _klass(it.claim)
        if it.claim.unit is not None and k not in classes and not _generic(it.claim):
            classes.append(k)
    gen = [it for it in items if _generic(it.claim)]
    joins = any(k not in (None, "money") for k in classes)  # 个 joins the count classes of the list
    if gen and not joins:
        classes.append(_klass(gen[0].claim))  # only 个 in the list: it counts on its own
    out: list[tuple[str | None, str | None, list[_Item]]] = []
    for k in classes:
        grp = [it for it in items if it.claim.unit is not None and
               (_klass(it.claim) == k and not (joins and _generic(it.claim)) or (joins and k != "money" and it in gen))]
        out.append((k, None, sorted(grp, key=lambda it: it.claim.nstart)))
    bare = [it for it in items if it.claim.unit is None]
    if bare and not classes:
        out.append((None, "bare", bare))
    elif bare:
        first = out[0][2]
        out[0] = (out[0][0], None, sorted(first + bare, key=lambda it: it.claim.nstart))
    fams: dict[str, list] = {}
    for k, _f, grp in out:
        if grp and grp[0].claim.unit:
            fams.setdefault(family(grp[0].claim.unit), []).append(k)
    # several count classes in one list (检查122次,其中抽查7家……): the family as a whole is one more group
    for fam, ks in fams.items():
        if len(ks) > 1:
            grp = sorted([it for k2, _f, g in out if k2 in ks for it in g], key=lambda it: it.claim.nstart)
            out.append((None, fam, grp))
    return out


def _verify(group, cue: _Cue, para, prev, text, ps, pe, run_ids, used_parts, covered, seen, checks,
            accept: Accept | None = None) -> bool:
    """Pair one group of parts with a total; True when a check was made."""
    klass, fam, items = group
    if not items:
        return False
    if fam == "bare":  # parts written without units take the unit of the total
        primary, alternatives = _candidates(cue, None, "count", para, prev, text, ps, run_ids, used_parts)
        if len({_klass(t) for t in primary}) == 1:
            klass = _klass(primary[0])
    else:
        primary, alternatives = _candidates(cue, klass, fam, para, prev, text, ps, run_ids, used_parts)
    if klass is not None and not primary and not alternatives:
        # parts counted in another unit of the same family (检查122次,其中随机抽查7家……)
        fam2 = family(items[0].claim.unit)
        primary, alternatives = _candidates(cue, None, fam2, para, prev, text, ps, run_ids, used_parts)
    if not primary and not alternatives:
        return False  # no figure the parts could be of
    # the list the language closes: its first sentence, up to a clause that says something else.
    # A list that runs on over a 。 into parallel items (seed 004) may end at a later sentence end:
    # those ends the wording ranks alike, and only there may the arithmetic choose.
    ends: list[list[Claim]] = []
    for k in range(3):
        lst = _language_list([it for it in items if it.sent <= k], text)
        if lst and (not ends or len(lst) > len(ends[-1])):
            ends.append(lst)
    if not ends:
        return False
    natural = ends[0]
    found = None
    for t in primary + alternatives:
        for lst in ends:
            if _closes(t, lst, text):
                found = (t, lst)
                break
        if found:
            break
    if found is not None:
        t, lst = found
        _adopt_unit(t, lst)
        closed = sum_check(t, lst, cue.marker)
        if t.approx:
            closed.verdict = "consistent"  # within the range the approximate total allows
        return _emit(closed, seen, checks, covered, used_parts)
    if klass is None and fam != "count":
        return False  # a mixed-unit group says something only when it closes
    if not primary or any(t.approx for t in primary):
        return False  # no total the language names, or an approximate one: nothing to say
    if cue.kind == "dimension" and not recache.match(r"[按从]", text[cue.start:cue.start + 1]) and \
            not cue.names_part:
        return False  # `在…中,`: a figure of the passage, closed or not said (unless it names a part)
    if not _complete(natural, text, cue, pe):
        return False
    # which of the named totals the wording makes the whole of this list: the structure scorer
    # (language features only, models/structure_scorer.json) must accept the pairing
    named = [t for rank, t in enumerate(primary)
             if accept is None or accept(cue.kind, cue.marker, t, natural, rank, True, text)]
    by_value: dict[float, Claim] = {}
    for t in named:
        by_value.setdefault(round(to_base(value_of(t), t.unit), 6), t)
    if not by_value:
        return False
    t = max(by_value.values(), key=lambda c: c.nstart)  # the nearest of the totals the language names
    _adopt_unit(t, natural)
    chk = classify_list(t, natural, text, cue.marker)
    if chk is not None and len(by_value) > 1:
        if not isinstance(chk, SumCheck):
            return False  # a subset of one of several totals: nothing to say
        chk.candidates = sorted(by_value.values(), key=lambda c: c.nstart)
    return chk is not None and _emit(chk, seen, checks, covered, used_parts)


_SEP_STRENGTH = {"、": 1, ",": 2, ":": 2, ";": 3}


def _language_list(items: list[_Item], text: str) -> list[Claim]:
    """The parts up to where the wording ends the list: a comma after an enumeration with 、
    (`A40家、B12家,责令整改企业3家`) unless the rest follows (`,其余场所27次`), a clause that opens with a
    new predicate (`,下达整改通知书19份`), with a state (`;已入库2058万元`) or with a figure of its own
    (`,5家企业被立案`), and a figure after ; that opens a breakdown of its own (`;废止的8件中,`). A comma
    or ; between parallel items does not end it, nor a predicate each part repeats."""
    lex = lexicon()
    out: list[Claim] = []
    first_sep = None
    for i, it in enumerate(items):
        if out:
            gap = text[out[-1].nend:it.claim.nstart]
            if ";" in gap and recache.match(r"\s*中\s*[,:]", text[it.claim.nend:it.claim.nend + 4]):
                break  # `;废止的8件中,…`: a figure that opens its own breakdown after ; starts a new list
            m = list(recache.finditer(r"[,;:]", gap))
            interleaved = bool(recache.search(r"\d", gap))  # figures between: records (人次 then 万元), no end
            sep = max((_SEP_STRENGTH.get(ch, 0) for ch in gap), default=0)  # 。: the caller's sentence ends
            if first_sep is None:
                first_sep = sep
            elif not interleaved and first_sep == 1 and sep == 2 and \
                    not lex.rest_item.match(gap[m[-1].end():].strip() if m else ""):
                break  # an enumeration with 、 ends at a comma (; joins groups of one list; 其余… closes it)
            if m and not interleaved:
                clause = gap[m[-1].end():].strip()
                # a new predicate, or a state of the whole list (`……罚款275万元;已入库2058万元`)
                opener = lex.clause_openers.match(clause)
                if not opener and lex.clause_state.match(clause) and not any(
                        lex.outcome_state.search(_label(x, text).strip()) for x in out):
                    opener = lex.clause_state.match(clause)  # a state after parts that are none
                if opener:  # a predicate each part repeats (`…资助420人次,发放资金42.6万元;…`) does not end it
                    own = _label(out[-1], text) if len(out) == 1 else text[max(text.rfind(x, 0, out[-1].nstart) for x in ",;"):out[-1].nstart]
                    if opener.group(0) in own:
                        opener = None
                if opener or (not clause and recache.match(r"[\u4e00-\u9fff]", text[it.claim.nend:it.claim.nend + 1])
                                                        and not recache.match(r"[、,;。]", text[it.claim.nend:it.claim.nend + 1])):
                    break
        out.append(it.claim)
    return out


def _adopt_unit(total: Claim, parts: list[Claim]) -> None:
    """`其中检查合格50不合格1`: figures written without a unit are counted in the total's unit; one
    followed by a measure word of its own (1.3万件，其中棉被4200床、) in the base of that unit (件), not
    in its 万/亿 scale."""
    for p in parts:
        if p.unit is None and p.inferred_unit:
            p.unit = base_unit(total.unit) if p.own_measure else total.unit


def _emit(chk: SumCheck | SubsetCheck, seen, checks, covered, used_parts) -> bool:
    key = (id(chk.total), tuple(id(p) for p in chk.parts))
    if key in seen:
        return True
    seen.add(key)
    checks.append(chk)
    covered.add(id(chk.total))
    covered.update(id(p) for p in chk.parts)
    if chk.verdict != "inconsistent":
        used_parts.update(id(p) for p in chk.parts)
    return True


# --- lists without a cue -------------------------------------------------------------------

def implicit_lists(claims: list[Claim], text: str, covered: set[int]) -> list[Check]:
    """`保留事项515项,行政许可事项218项,公共服务等其他事项297项` (the last part is 其他), and a figure
    followed in its sentence by parts of the same unit that add up to it exactly (`复议案件4件,撤销1件,维持3件`)."""
    checks: list[Check] = []
    for i, c in enumerate(claims):
        if c.in_table or c.unit in (None, "%") or id(c) in covered or c.approx or not c.value:
            continue
        s_end = min([x for x in (text.find("。", c.nend), text.find("\n", c.nend)) if x >= 0] or [len(text)])
        parts: list[Claim] = []
        closed_by_other = False
        for d in claims[i + 1:]:  # sorted by position: stop at the sentence end, at most MAX_LIST_PARTS
            if d.nstart >= s_end or len(parts) >= MAX_LIST_PARTS:
                break
            if d.in_table:
                continue
            if d.unit != c.unit or id(d) in covered or d.approx:
                break
            gap = text[parts[-1].nend if parts else c.nend:d.nstart]
            if recache.search(r"其中|分别|共计|合计|总计|累计|[,;、]\s*共", gap) or "(" in gap or ")" in gap:
                break
            parts.append(d)
            if recache.search(r"其他|其余", gap):
                closed_by_other = True
                break
        if len(parts) < 2:
            continue
        if not recache.search(r"[,:;]", text[c.nend:parts[0].nstart]):
            continue  # `A20件、B10件、C10件` is one list, not a total and its parts
        if closed_by_other and not recache.search(r";", text[c.nend:parts[-1].nstart]):
            ratio = sum(to_base(value_of(p), p.unit) for p in parts) / max(to_base(value_of(c), c.unit), 1e-9)
            # without a marker the first figure is a total only if the rest nearly add up to it
            if abs(ratio - 1) <= 0.15:
                checks.append(sum_check(c, parts, "implicit"))
                covered.update(id(p) for p in parts)
                covered.add(id(c))
            continue
        states = _states_of_one_outcome(parts, c, text)
        if states:  # 反映问题56项，已整改到位47项，正在整改9项: the words say they split it
            checks.append(sum_check(c, states, "implicit"))
            covered.update(id(p) for p in states)
            covered.add(id(c))
            continue
        # the longest prefix that adds up exactly (running sums: the same additions as sum_verdict)
        t = to_base(value_of(c), c.unit)
        run = list(accumulate(to_base(value_of(p), p.unit or c.unit) for p in parts))
        for k in range(len(parts), 1, -1):
            if abs(run[k - 1] - t) < 1e-6:
                checks.append(sum_check(c, parts[:k], "implicit"))
                covered.update(id(p) for p in parts[:k])
                covered.add(id(c))
                break
    return checks


def _states_of_one_outcome(parts: list[Claim], total: Claim, text: str) -> list[Claim]:
    """The parts, when each names a state of one outcome (已整改到位47项，正在整改9项; 整改完成24个，3个正在
    推进整改; relations.yaml attribute_parts.states / done and rates.outcomes), two states at least and
    one of them done, and the count before them is not itself such a state; else []."""
    lex = lexicon()
    if lex.state_of_outcome.search(_label(total, text)):
        return []
    states: set[str] = set()
    shared: set[str] | None = None
    for p in parts:
        words = _label(p, text).strip()
        if not words:  # number first (3个正在推进整改): its words follow it
            end = min([x for x in (text.find(ch, p.nend) for ch in ",;。") if x >= 0] or [len(text)])
            words = text[p.nend:end]
        m = lex.state_of_outcome.search(words)
        if m:
            state, outcomes = m.group("state"), set(lex.outcome.findall(words[m.start("outcome"):]))
        elif lex.outcome_done.search(words) and lex.outcome.search(words):
            state, outcomes = "已", set(lex.outcome.findall(words))
        else:
            return []
        outcomes -= set(lex.outcome_done.findall(words))  # 完成 says it is done, not what was done
        states.add("已" if state == "已经" else state)
        shared = outcomes if shared is None else shared & outcomes
    if not shared or len(states) < 2 or "已" not in states:
        return []
    return list(parts)


def leading_totals(claims: list[Claim], text: str, covered: set[int]) -> list[Check]:
    """A sentence that opens with its total: `12件政协委员提案所提问题已经解决(A类)5件,……(B类)6件,……(C类)1件`.

    The parts are the figures of the same unit that follow, up to the next two sentences of the
    paragraph (rates between them skipped). Kept only when they add up exactly."""
    checks: list[Check] = []
    for i, c in enumerate(claims):
        if c.in_table or c.unit in (None, "%") or c.approx or not c.value or id(c) in covered:
            continue
        ss = max(text.rfind("。", 0, c.nstart), text.rfind("\n", 0, c.nstart), text.rfind(";", 0, c.nstart)) + 1
        if text[ss:c.nstart].strip(" ,") or not recache.match(r"[\u4e00-\u9fff“]", text[c.nend:c.nend + 1]):
            continue
        pe = text.find("\n", c.nend)
        pe = len(text) if pe < 0 else pe
        parts: list[Claim] = []
        sentences = 0
        last = c.nend
        for d in claims[i + 1:]:
            if d.nstart >= pe:
                break
            sentences += text.count("。", last, d.nstart)
            if sentences > 2 or id(d) in covered:
                break
            last = d.nend
            if d.unit == "%":
                continue
            if d.unit != c.unit or d.approx:
                break
            parts.append(d)
            if len(parts) >= 2 and sum_verdict(c, parts)[0] == "consistent":
                checks.append(sum_check(c, list(parts), "implicit"))
                covered.add(id(c))
                covered.update(id(p) for p in parts)
                break
    return checks


def trailing_totals(claims: list[Claim], text: str, covered: set[int]) -> list[Check]:
    """A total after its parts: `受理许可12件、备案8件,共计20件` / `收到12件,上年结转1件,共办理13件`.

    The parts are the figures of the same class before the total in its sentence. The pairing is
    kept when they add up; it is an error only when they form one list (separated by 、 or ,
    and nothing else counted in that unit before them) that nearly adds up."""
    lex = lexicon()
    checks: list[Check] = []
    for i, c in enumerate(claims):
        if c.in_table or c.unit in (None, "%") or c.approx or not c.value or id(c) in covered:
            continue
        if not recache.search(r"(?:共计|合计|总计|累计|总共|[,;、]\s*共)[^,;。\d]{0,6}$", text[max(0, c.nstart - 10):c.nstart]):
            continue
        ss = max(text.rfind("。", 0, c.nstart), text.rfind("\n", 0, c.nstart), text.rfind(":", 0, c.nstart)) + 1
        before = [d for d in claims[:i] if d.nstart >= ss and not d.in_table and d.unit not in (None, "%")]
        if any(id(d) in covered for d in before):
            continue
        parts = [d for d in before if same_class(d.unit, c.unit) and not d.approx and
                 not lex.change.search(text[max(ss, d.nstart - 8):d.nstart])]
        if len(parts) < 2:
            continue
        if sum_verdict(c, parts)[0] in ("consistent", "rounding"):
            checks.append(sum_check(c, parts, "合计"))
        else:
            if len(parts) != len(before):
                continue
            gaps = [text[a.nend:b.nstart] for a, b in zip(parts, parts[1:])]
            if any(recache.search(r"[;。]", g) for g in gaps) or lex.incomplete_in.search(text[ss:c.nstart]):
                continue
            if recache.search(r"等\s*[,、]?\s*(?:共计|合计|总计|累计|总共|共)", text[parts[-1].nend:c.nstart]):
                continue  # `……等,共计20件`: the list is not complete
            if _own_subject(text, parts[-1].nend, c.nstart):
                continue  # `接收93人,解除88人,在册社区矫正对象共计214人`: a stock of its own, not their sum
            checks.append(sum_check(c, parts, "合计"))
        covered.add(id(c))
        covered.update(id(p) for p in parts)
    return checks


def _own_subject(text: str, start: int, end: int) -> bool:
    """A marked total after a list names a subject of its own before 共计/合计 (`,在册对象共计214人`),
    rather than closing the list (`,共计20件`, `,合计857件`, `,共办理13件`)."""
    gap = text[start:end]
    m = recache.search(r"[,;、]([^,;、]*?)(?:共计|合计|总计|累计|总共|共)[^,;。\d]{0,6}$", gap)
    return bool(m and m.group(1).strip())


def table_totals(rep, claims: list[Claim]) -> list[Check]:
    """A 合计/总计/小计 row of a table against the rows above it, column by column."""
    checks: list[Check] = []
    by_table: dict[int, list] = {}
    for ln, (tno, rno, cells, _hu) in rep.tables.items():
        by_table.setdefault(tno, []).append((rno, ln, cells))
    cl_at = {(c.table, c.row, c.col): c for c in claims if c.in_table}
    for tno, rows in by_table.items():
        rows.sort()
        for rno, _ln, cells in rows:
            first = cells[0][2].strip() if cells else ""
            if not recache.match(r"^(合计|总计|小计|总数|共计)", first):
                continue
            body = []
            for r2, _l2, c2 in reversed([r for r in rows if r[0] < rno]):
                f2 = c2[0][2].strip() if c2 else ""
                if recache.match(r"^(合计|总计|小计)", f2):
                    break
                body.append(r2)
            for col in range(1, len(cells)):
                tot = cl_at.get((tno, rno, col))
                if tot is None:
                    continue
                parts = [cl_at[(tno, r2, col)] for r2 in sorted(body) if (tno, r2, col) in cl_at]
                if len(parts) < 2:
                    continue
                checks.append(sum_check(tot, parts, "table 合计", in_table=True))
    return checks
