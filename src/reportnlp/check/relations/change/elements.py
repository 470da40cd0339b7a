"""The elements of a sentence that states a change (current, previous, delta, rate, multiple …)
and their grouping into subjects: which figures speak of the same thing."""
from __future__ import annotations

from dataclasses import dataclass, field

import reportnlp.recache as recache
from ....extract.claims import Claim
from ....numbers import base_unit, decimals, parse_number, same_class, scale, to_base
from .vocabulary import alt, patterns

# ---------------------------------------------------------------- elements of a sentence

@dataclass
class Element:
    """A figure of a change sentence and its role (current, previous, difference, rate …)."""

    role: str  # plain | prev | to | delta | rate | points | multiple
    nstart: int
    nend: int
    text: str
    value: float  # base units; percent for rate/points; times for multiple
    unit: str | None
    step: float  # one unit of the last written digit (base units)
    rounded: bool  # the figure is rounded (decimals, 万, %), so ±half a step is within it
    sign: int = 0
    approx: bool = False
    claim: Claim | None = None
    label_year: int | None = None
    how: str = ""  # how a role was read (由, 比上年的, 括号, 上年为, 年份, 增长N倍, 是N倍, 翻番, 成)


CN_DIGITS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}


def parse_figure(s: str) -> float | None:
    return parse_number(s)


def claim_element(c, role: str, sign: int = 0, how: str = "") -> Element:
    dec = decimals(c.text)
    unit = c.unit
    pct = unit in ("%", "个百分点")
    base = c.value if pct else to_base(c.value, unit)
    step = 10 ** -dec * (1 if pct else scale(unit))
    rounded = pct or dec > 0 or scale(unit) > 1
    return Element(role, c.nstart, c.nend, c.text, base, unit, step, rounded, sign, c.approx, c, how=how)


def sentences(text: str):
    s = 0
    for m in recache.finditer(r"[。!?;\n]", text):
        yield s, m.end()
        s = m.end()
    if s < len(text):
        yield s, len(text)


def year_label(text: str, s0: int, pos: int) -> int | None:
    """`2023年……66件`: the year naming a figure, within its clause."""
    clause_start = max(text.rfind(",", s0, pos), s0 - 1) + 1
    ys = recache.findall(r"(20\d{2})年(?![底末初\d]|以来|至|起|前|后|上半年|下半年)", text[clause_start:pos])
    if ys:
        return int(ys[-1])
    # a sentence opened by its year: 2024年,全县受理151件
    m = recache.match(r"\s*(20\d{2})年度?\s*,", text[s0:pos])
    return int(m.group(1)) if m else None


def to_or_prev(c, before: str):
    """The current figure after 到/至 (`提高到96%`) or the previous one after 由/上年 (`由412件`), or None."""
    P = patterns()
    mt = P["to"].search(before)
    if mt:
        return claim_element(c, "to", 1 if (mt.group("inc") or mt.group("cinc")) else -1)
    if P["prev_before"].search(before):
        return claim_element(c, "prev", how="由" if P["from_before"].search(before) else "上年")
    return None


def elements(text: str, s0: int, s1: int, claims) -> list[Element]:
    P = patterns()
    out: list[Element] = []
    pseudo_spans = []
    # multipliers and tenths are not claims: read them from the text
    for m in P["times_up"].finditer(text, s0, s1):
        v = parse_figure(m.group(3))
        if v is not None:
            n = m.group(3)
            step = 10 ** -decimals(n) if recache.match(r"\d", n) else (0.1 if "点" in n else 1.0)
            out.append(Element("multiple", m.start(3), m.end(), m.group(3) + "倍", v + 1, None, step, True, 1,
                           bool(m.group("approx") or m.group("more")), how=f"{m.group('inc')}N倍"))
            pseudo_spans.append((m.start(), m.end()))
    for m in P["times_of"].finditer(text, s0, s1):
        v = parse_figure(m.group(2))
        if v is not None:
            n = m.group(2)
            step = 10 ** -decimals(n) if recache.match(r"\d", n) else (0.1 if "点" in n else 1.0)
            out.append(Element("multiple", m.start(2), m.end(), n + "倍", v, None, step, True, 1,
                           bool(m.group("approx") or m.group("more")), how="是N倍"))
            pseudo_spans.append((m.start(), m.end()))
    for m in P["double"].finditer(text, s0, s1):
        n = m.group("n")
        k = 1 if n is None else (int(n) if n.isdigit() else CN_DIGITS.get(n, 1))
        mult = 2.0 ** k
        out.append(Element("multiple", m.start(), m.end(), m.group(0), mult, None, 0.2 * mult, True, 1,
                       bool(m.group("more")), how="翻番"))
        pseudo_spans.append((m.start(), m.end()))
    for m in P["tenths"].finditer(text, s0, s1):
        sign = 1 if m.group("inc") else -1
        out.append(Element("rate", m.start("n"), m.end(), m.group("n") + "成", sign * 10 * CN_DIGITS[m.group("n")],
                       "%", 10.0, True, sign, bool(m.group("approx")), how="成"))
        pseudo_spans.append((m.start(), m.end()))
    for m in P["half"].finditer(text, s0, s1):
        out.append(Element("rate", m.start(), m.end(), m.group(0), -50.0, "%", 10.0, True, -1,
                       bool(m.group("approx") or m.group("more")), how="一半"))
        pseudo_spans.append((m.start(), m.end()))

    for c in claims:
        if not (s0 <= c.nstart < s1) or c.value is None or c.in_table:
            continue
        if any(a <= c.nstart < b for a, b in pseudo_spans):
            continue
        before = text[max(s0, c.nstart - 14):c.nstart]
        if c.unit in ("%", "个百分点"):
            mv = P["after_verb"].search(before)
            if mv:
                sign = (1 if mv.group("inc") or mv.group("rinc") else -1) * (-1 if mv.group("neg") else 1)  # 增长-5.3%
                el = claim_element(c, "points" if c.unit == "个百分点" else "rate", sign)
                el.value *= sign
                el.approx = el.approx or bool(mv.group("approx"))
                out.append(el)
                continue
            el = to_or_prev(c, before)
            if el is not None:
                out.append(el)
                continue
            if c.unit == "%":
                out.append(claim_element(c, "plain", how="达到" if P["reach"].search(before) else ""))
            continue
        el = to_or_prev(c, before)
        if el is not None:
            out.append(el)
            continue
        mv = P["after_verb"].search(before)
        if mv and not mv.group("rn"):
            sign = 1 if mv.group("inc") else -1
            el = claim_element(c, "delta", sign)
            el.value *= sign
            el.approx = el.approx or bool(mv.group("approx"))
            out.append(el)
            continue
        clause = text[max(text.rfind(",", s0, c.nstart), text.rfind("(", s0, c.nstart), s0 - 1) + 1:c.nstart]
        if P["prev_clause"].fullmatch(clause) and not P["carried"].search(clause):
            out.append(claim_element(c, "prev", how="上年"))  # 去年全年受理412件
            continue
        el = claim_element(c, "plain", how="达到" if P["reach"].search(before) else "")
        el.label_year = year_label(text, s0, c.nstart)
        out.append(el)
    out.sort(key=lambda e: e.nstart)
    return out


# ---------------------------------------------------------------- grouping and checking

@dataclass
class Subject:
    """The figures of one changing quantity."""

    cur: Element | None = None
    prev: Element | None = None
    stated: list[Element] = field(default_factory=list)
    explicit: bool = False  # 由A到B
    alts: list[Element] = field(default_factory=list)  # other figures before it in the sentence, nearest first


def is_money(u):
    return u in ("元", "万元", "亿元")


def compatible(a: Element, b: Element) -> bool:

    if (a.unit in ("%", "个百分点")) != (b.unit in ("%", "个百分点")):
        return False
    if a.unit in ("%", "个百分点"):
        return True
    if is_money(a.unit) != is_money(b.unit):
        return False
    return same_class(base_unit(a.unit), base_unit(b.unit)) or base_unit(a.unit) == base_unit(b.unit)


def new_topic(text: str, s0: int, after: int, pos: int) -> bool:
    """The clause before a stated change names something else (`参与人数较去年翻了一番` after a
    figure of 讲座): what is left after the change words is a noun of its own."""
    start = max(text.rfind(",", s0, pos), text.rfind("(", s0, pos), after, s0)
    rest = patterns()["change_words"].sub("", text[start:pos])
    return len(recache.findall(r"[\u4e00-\u9fff]", rest)) >= 2


def same_topic(text: str, a: Element, b: Element) -> bool:
    """Two figures named by their years speak of the same thing: the words of a's clause (less
    years and change words) are empty or share two characters in a row with b's."""
    def words(e):
        start = max(text.rfind(",", 0, e.nstart), text.rfind("。", 0, e.nstart), text.rfind("\n", 0, e.nstart)) + 1
        rest = recache.sub(r"20\d{2}年度?|今年|本年|全年", "", text[start:e.nstart])
        return "".join(recache.findall(r"[\u4e00-\u9fff]", patterns()["change_words"].sub("", rest)))

    wa, wb = words(a), words(b)
    if not wa or not wb:
        return True
    return any(wa[i:i + 2] in wb for i in range(len(wa) - 1))


def subjects(els: list[Element], text: str = "", s0: int = 0, year: int | None = None) -> list[Subject]:
    subs: list[Subject] = []
    cur = Subject()
    last_end = s0

    def new():
        nonlocal cur
        if cur.cur or cur.prev or cur.stated:
            subs.append(cur)
        cur = Subject()

    plain: list[Element] = []
    for e in els:
        if e.role in ("plain", "to"):
            plain.append(e)
        if e.role == "plain":
            if e.how == "达到" and cur.cur is None and cur.prev is not None:
                cur.cur = e  # 由3200件增长了一倍,达到6400件
                continue
            if cur.cur is not None or cur.stated:
                new()
            cur.cur = e
        elif e.role == "prev":
            if e.how == "由":
                new()
                cur.prev = e
                cur.explicit = True
            elif cur.prev is None and (cur.cur is None or compatible(cur.cur, e)):
                cur.prev = e  # 320件,是上年的3倍(上年为105件)
            else:
                new()
                cur.prev = e
        elif e.role == "to":
            if cur.cur is not None and not cur.explicit or cur.stated:
                new()
            cur.cur = e
        else:
            if text and (cur.cur or cur.prev or cur.stated) and new_topic(text, s0, last_end, e.nstart):
                new()  # 开展讲座36场,……,参与人数较去年翻了一番: not the 讲座
                cur.stated.append(e)
                last_end = e.nend
                continue
            if not cur.stated:
                cur.alts = [p for p in reversed(plain) if p is not cur.cur and not cur.explicit]
            cur.stated.append(e)
        last_end = e.nend
    new()
    # a change stated before its figures: 是去年的三倍,由40件增加到120件
    merged: list[Subject] = []
    for i, s in enumerate(subs):
        if s.stated and s.cur is None and s.prev is None and i + 1 < len(subs) \
                and (subs[i + 1].cur is not None or subs[i + 1].prev is not None):
            subs[i + 1].stated = s.stated + subs[i + 1].stated
            continue
        merged.append(s)
    subs = merged
    # year-labelled figures: 2023年受理66件,2024年受理151件,同比增长128.8%; a figure without a
    # year is of the report's year (……4820件,增长1倍,2023年为2410件)
    for i, s in enumerate(subs):
        y = (s.cur.label_year or year) if s.cur is not None else None
        if s.prev is None and y and s.stated:
            for t in subs[:i] + subs[i + 1:]:
                if s.cur is not None and t.cur is not None and not t.stated and t.prev is None \
                        and t.cur.label_year == y - 1 and compatible(t.cur, s.cur) and (not text or same_topic(text, t.cur, s.cur)):
                    s.prev = t.cur
                    s.prev.how = "年份"
    return [s for s in subs if s.stated]


def basis_of(text: str, s0: int, pos: int) -> str | None:
    P = patterns()
    seg = text[max(s0, pos - 24):pos + 2]
    if P["period_basis"].search(seg):
        return "period"
    if P["year_basis"].search(seg):
        return "year"
    return None


def respectively(text: str, s0: int, s1: int, claims) -> list[Subject]:
    """`受理复议56件、应诉32件,上年分别为48件、40件,同比分别增长16.7%、下降20%`: figures paired in
    order. Only when the three lists have the same length and each pair the same kind of unit;
    anything else is not guessed."""
    P = patterns()
    mp = recache.search(r"(?:" + alt("previous_year") + r"|20\d{2}年)(?:同期)?(?:全年)?分别(?:为|是|:)?", text[s0:s1])
    mr = recache.search(r"分别\s*(?=(?:" + alt("increase", "decrease", "rate_up", "rate_down") + r"))", text[s0:s1])
    if not mp or not mr or mr.start() < mp.end():
        return []
    pa, pb, ra = s0 + mp.start(), s0 + mp.end(), s0 + mr.start()
    own = [c for c in claims if s0 <= c.nstart < s1 and c.value is not None and not c.in_table]
    prevs = [c for c in own if pb <= c.nstart < ra]
    stated = [c for c in own if c.nstart >= ra]
    before = [c for c in own if c.nstart < pa and c.unit not in ("%", "个百分点")]
    curs = before[-len(prevs):] if prevs else []
    if len(prevs) < 2 or not (len(curs) == len(prevs) == len(stated)):
        return []
    if len(before) > len(curs) and "," not in text[before[-len(curs) - 1].nend:curs[0].nstart]:
        return []  # the list before goes on: 56件、32件、12件 against two previous figures
    out = []
    sign = 0
    for c, p, st in zip(curs, prevs, stated):
        ctx = text[max(ra, st.nstart - 8):st.nstart]
        m = list(P["verb"].finditer(ctx))
        if m:
            sign = 1 if m[-1].group("inc") else -1
        if not sign:
            return []
        ce, pe = claim_element(c, "plain"), claim_element(p, "prev", how="上年")
        role = "points" if st.unit == "个百分点" else ("rate" if st.unit == "%" else "delta")
        se = claim_element(st, role, sign)
        se.value *= sign
        if not compatible(ce, pe) or c.approx or p.approx or st.approx:
            return []
        out.append(Subject(cur=ce, prev=pe, stated=[se]))
    return out


def labelled_before(text: str, s0: int, claims, cur: Element) -> Element | None:
    """The figure named by the year before `cur`'s, in an earlier sentence of the same paragraph."""
    line_start = text.rfind("\n", 0, s0) + 1
    found = None
    for a, b in sentences(text[line_start:s0]):
        for e in elements(text, line_start + a, line_start + b, claims):
            if e.role == "plain" and cur.label_year is not None and e.label_year == cur.label_year - 1 \
                    and compatible(e, cur) and \
                    same_topic(text, e, cur) and \
                    (e.claim is None or cur.claim is None or not e.claim.metric or not cur.claim.metric
                     or e.claim.metric == cur.claim.metric):
                found = e
                found.how = "年份"
    return found
