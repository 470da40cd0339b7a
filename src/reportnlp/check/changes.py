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
checked. The vocabulary and the conventions live in data/changes.yaml.

`compute_change` is the one computation of a change: `compare --history` and `draft` use it.
"""
from __future__ import annotations

import math
import re
from bisect import bisect_left
from dataclasses import dataclass, field
from functools import lru_cache

import yaml

from ..model import Check
from ..resources import package_data
from .datacheck import SCALE, to_base

_KEYS = ("increase", "decrease", "to_increase", "to_decrease", "rate_up", "rate_down", "year_basis",
         "period_basis", "previous_year", "from_qualifier", "plan", "approximate")


@lru_cache(maxsize=1)
def vocabulary() -> dict[str, list[str]]:
    """data/changes.yaml, checked: every key present, each with a source and a non-empty word list."""
    with open(package_data("changes.yaml"), encoding="utf-8") as fh:
        raw = yaml.safe_load(fh)
    out = {}
    for k in _KEYS:
        entry = raw.get(k) if isinstance(raw, dict) else None
        if not isinstance(entry, dict) or not entry.get("source") or not entry.get("words"):
            raise ValueError(f"data/changes.yaml: entry '{k}' needs a source and words")
        out[k] = sorted((str(w) for w in entry["words"]), key=len, reverse=True)
    return out


def _alt(*keys: str) -> str:
    words = sorted({w for k in keys for w in vocabulary()[k]}, key=len, reverse=True)
    return "(?:" + "|".join(re.escape(w) for w in words) + ")"


# ---------------------------------------------------------------- the one computation

@dataclass(frozen=True)
class ChangeFigures:
    previous: float
    current: float
    delta: float  # current - previous
    rate: float | None  # percent; None when the previous figure is 0
    multiple: float | None  # current / previous


def compute_change(previous: float, current: float) -> ChangeFigures:
    """The change from `previous` to `current` (same units)."""
    delta = current - previous
    if previous:
        return ChangeFigures(previous, current, delta, 100.0 * delta / previous, current / previous)
    return ChangeFigures(previous, current, delta, None, None)


def round_half_up(x: float, dec: int) -> float:
    q = 10 ** dec
    return math.floor(abs(x) * q + 0.5 + 1e-9) / q * (1 if x >= 0 else -1)


def _fmt(v: float, dec: int | None = None) -> str:
    if dec is not None:
        s = f"{round_half_up(v, dec):.{dec}f}"
        return "0" if s in ("-0", "0") else s
    if abs(v - round(v)) < 1e-9:
        return str(int(round(v)))
    return f"{v:.2f}".rstrip("0").rstrip(".")


def change_phrase(previous: float, current: float, unit: str | None, basis: str = "比上年") -> str:
    """`比上年增加6次、增长7.5%`: the change written as reports write it, from `compute_change`.

    The rate has one decimal; RN208 accepts it by construction. Empty when nothing changes
    or the previous figure is 0."""
    ch = compute_change(previous, current)
    if abs(ch.delta) < 1e-9 or ch.rate is None:
        return ""
    up = ch.delta > 0
    amount = _fmt(abs(ch.delta), 2 if unit in ("万元", "亿元") else None)
    return (f"{basis}{'增加' if up else '减少'}{amount}{unit or ''}、"
            f"{'增长' if up else '下降'}{_fmt(abs(ch.rate), 1)}%")


# ---------------------------------------------------------------- the typed relation

@dataclass(kw_only=True)
class ChangeCheck(Check):
    """One stated figure of a change and what the other figures give for it.

    `stated` names what is checked: `delta` (增加37件), `rate` (增长9%), `multiple` (增长1.5倍
    → 2.5), `points` (提高1.2个百分点). Values are in base units (元, 件, 人次); rates and points
    in percent. `data` holds the JSON view (CHECK_JSON.md keys), filled from the fields."""

    kind: str = "change"
    verdict: str = "consistent"
    stated: str
    stated_value: float
    stated_text: str
    computed: float | None
    previous: float | None
    current: float | None
    delta: float | None = None
    unit: str | None = None
    basis: str | None = None  # year | period | explicit (由A到B) | None
    previous_source: str = "text"  # text | previous_report | data
    previous_where: str | None = None
    reason: str | None = None  # points_as_percent | direction | multiple_convention
    claims: dict = field(default_factory=dict)  # role -> Claim (not in JSON)

    def __post_init__(self):
        # JSON keeps figures as written (2.6 with unit 万人, CHECK_JSON.md); fields are in base units
        k = 1.0 if self.unit in (None, "%", "个百分点") else SCALE.get(self.unit, 1.0)

        def w(v):
            return None if v is None else round(v / k, 6)

        computed = self.computed if self.stated in ("rate", "points", "multiple") else w(self.computed)
        self.data = {"stated": self.stated, "stated_value": self.stated_value if self.stated != "delta"
                     else w(self.stated_value), "stated_text": self.stated_text,
                     "computed": None if computed is None else round(computed, 6),
                     "previous": w(self.previous), "current": w(self.current), "delta": w(self.delta),
                     "unit": self.unit,
                     "basis": self.basis, "previous_source": self.previous_source}
        if self.previous_where:
            self.data["previous_where"] = self.previous_where
        if self.reason:
            self.data["reason"] = self.reason
        for role, c in self.claims.items():
            self.data[f"{role}_claim"] = c  # jsonout leaves *_claim keys out


# ---------------------------------------------------------------- elements of a sentence

@dataclass
class _El:
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
    claim: object = None
    label_year: int | None = None
    how: str = ""  # how a role was read (由, 比上年的, 括号, 上年为, 年份, 增长N倍, 是N倍, 翻番, 成)


_CN_DIGITS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}


def _decimals(s: str) -> int:
    m = re.search(r"\.(\d+)", s)
    return len(m.group(1)) if m else 0


def _num(s: str) -> float | None:
    try:
        return float(s)
    except ValueError:
        pass
    try:
        import cn2an

        return float(cn2an.cn2an(s.replace("两", "二"), "smart"))
    except (ValueError, KeyError, IndexError, TypeError):
        return None


def _claim_el(c, role: str, sign: int = 0, how: str = "") -> _El:
    dec = _decimals(c.text)
    unit = c.unit
    pct = unit in ("%", "个百分点")
    base = c.value if pct else to_base(c.value, unit)
    step = 10 ** -dec * (1 if pct else SCALE.get(unit or "", 1.0))
    rounded = pct or dec > 0 or (unit or "") in SCALE and SCALE[unit] > 1
    return _El(role, c.nstart, c.nend, c.text, base, unit, step, rounded, sign, c.approx, c, how=how)


_NUM = r"(\d+(?:\.\d+)?|[一二两三四五六七八九十]+(?:点[零一二三四五六七八九]+)?)"


@lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern]:
    inc, dec = _alt("increase"), _alt("decrease")
    appr = r"(?P<approx>约|近|超过|逾|将近|大约|接近)?"
    return {
        "verb": re.compile(r"(?P<inc>" + inc + r"|" + _alt("rate_up") + r")|(?P<dec>" + dec + r"|"
                           + _alt("rate_down") + r")"),
        "to": re.compile(r"(?:(?P<inc>" + inc + r")|(?P<dec>" + dec + r"))了?\s*(?:到|至|为)\s*$|"
                         r"(?P<cinc>" + _alt("to_increase") + r")\s*$|(?P<cdec>" + _alt("to_decrease") + r")\s*$"),
        # 增长9%, 减少了37件, 增幅为12%, 降幅达3.5% (增长为/提高为 name the new figure: see `to`)
        "after_verb": re.compile(r"(?:(?P<v>(?P<inc>" + inc + r")|(?P<dec>" + dec + r"))(?:了|幅度)?|"
                                 r"(?P<rn>(?P<rinc>" + _alt("rate_up") + r")|(?P<rdec>" + _alt("rate_down")
                                 + r"))(?:为|达到|达|是)?)\s*" + appr + r"\s*(?P<neg>-)?\s*$"),
        "times_up": re.compile(r"(?P<inc>" + inc + r")了?\s*" + appr + _NUM + r"倍(?P<more>多|余|以上|左右)?"),
        "times_of": re.compile(r"(?:是|为|相当于|达到)(?:" + _alt("previous_year") + r"|原来|20\d{2}年(?:同期)?|同期)"
                               r"(?:的)?\s*" + appr + _NUM + r"倍(?P<more>多|余|以上|左右)?"),
        "double": re.compile(r"翻了?\s*(?P<n>[一两二三四]|\d)?\s*番(?P<more>多|以上|还多)?"),
        "tenths": re.compile(r"(?P<v>(?P<inc>" + inc + r")|(?P<dec>" + dec + r"))了?\s*" + appr
                             + r"(?P<n>[一二两三四五六七八九])成"),
        "half": re.compile(r"(?:(?:" + dec + r")了?\s*" + appr + r"一半|减半)(?P<more>多|以上|左右)?"),
        "prev_before": re.compile(r"(?:由|从)\s*(?:" + _alt("previous_year", "from_qualifier") + r"|20\d{2}年)?(?:的)?\s*$|"
                                  r"(?:较|比|与|相比)\s*(?:" + _alt("previous_year") + r"|20\d{2}年)(?:同期)?(?:的)?\s*$|"
                                  r"[(]\s*(?:" + _alt("previous_year") + r"|20\d{2}年)(?:同期)?(?:为|是|:|有|共)?\s*$|"
                                  r"(?:" + _alt("previous_year") + r")(?:全年)?(?:为|是|有|共|:)\s*$"),
        "from_before": re.compile(r"(?:由|从)\s*(?:" + _alt("previous_year", "from_qualifier") + r"|20\d{2}年)?(?:的)?\s*$"),
        # a clause that is only last year and a verb: 去年全年受理412件 (not 上年度考核优秀12人)
        "prev_clause": re.compile(r"\s*(?:" + _alt("previous_year") + r")(?:同期|全年)?(?:共计|共|累计)?"
                                  r"[\u4e00-\u9fff]{0,2}\s*$"),
        "change_words": re.compile(_alt("year_basis", "period_basis", "previous_year", "increase", "decrease",
                                        "rate_up", "rate_down", "to_increase", "to_decrease", "from_qualifier",
                                        "approximate") + r"|了|为|是|的|达到|达|实现|与|相比|比|较|同期|分别|共|"
                                   r"全年|累计|和|及|上期|上月|上周|上季度|原来|相当于|翻|番|倍|一半|减半|幅度|[一二两三四五六七八九十]"),
        "reach": re.compile(r"(?:达到|达|增至|降至)\s*$"),  # ……提高了1.6个百分点,达到96.8%
        "carried": re.compile(r"结转|遗留|积案|积存|存量|未结|以来"),
        "year_basis": re.compile(_alt("year_basis") + r"|(?:较|比)\s*20\d{2}年"),
        "period_basis": re.compile(_alt("period_basis")),
        "plan": re.compile(_alt("plan")),
    }


def _sentences(text: str):
    s = 0
    for m in re.finditer(r"[。!?;\n]", text):
        yield s, m.end()
        s = m.end()
    if s < len(text):
        yield s, len(text)


def _year_label(text: str, s0: int, pos: int) -> int | None:
    """`2023年……66件`: the year naming a figure, within its clause."""
    clause_start = max(text.rfind(",", s0, pos), s0 - 1) + 1
    ys = re.findall(r"(20\d{2})年(?![底末初\d]|以来|至|起|前|后|上半年|下半年)", text[clause_start:pos])
    if ys:
        return int(ys[-1])
    # a sentence opened by its year: 2024年,全县受理151件
    m = re.match(r"\s*(20\d{2})年度?\s*,", text[s0:pos])
    return int(m.group(1)) if m else None


def _to_or_prev(c, before: str):
    """The current figure after 到/至 (`提高到96%`) or the previous one after 由/上年 (`由412件`), or None."""
    P = _patterns()
    mt = P["to"].search(before)
    if mt:
        return _claim_el(c, "to", 1 if (mt.group("inc") or mt.group("cinc")) else -1)
    if P["prev_before"].search(before):
        return _claim_el(c, "prev", how="由" if P["from_before"].search(before) else "上年")
    return None


def _elements(text: str, s0: int, s1: int, claims) -> list[_El]:
    P = _patterns()
    out: list[_El] = []
    pseudo_spans = []
    # multipliers and tenths are not claims: read them from the text
    for m in P["times_up"].finditer(text, s0, s1):
        v = _num(m.group(3))
        if v is not None:
            n = m.group(3)
            step = 10 ** -_decimals(n) if re.match(r"\d", n) else (0.1 if "点" in n else 1.0)
            out.append(_El("multiple", m.start(3), m.end(), m.group(3) + "倍", v + 1, None, step, True, 1,
                           bool(m.group("approx") or m.group("more")), how=f"{m.group('inc')}N倍"))
            pseudo_spans.append((m.start(), m.end()))
    for m in P["times_of"].finditer(text, s0, s1):
        v = _num(m.group(2))
        if v is not None:
            n = m.group(2)
            step = 10 ** -_decimals(n) if re.match(r"\d", n) else (0.1 if "点" in n else 1.0)
            out.append(_El("multiple", m.start(2), m.end(), n + "倍", v, None, step, True, 1,
                           bool(m.group("approx") or m.group("more")), how="是N倍"))
            pseudo_spans.append((m.start(), m.end()))
    for m in P["double"].finditer(text, s0, s1):
        n = m.group("n")
        k = 1 if n is None else (int(n) if n.isdigit() else _CN_DIGITS.get(n, 1))
        mult = 2.0 ** k
        out.append(_El("multiple", m.start(), m.end(), m.group(0), mult, None, 0.2 * mult, True, 1,
                       bool(m.group("more")), how="翻番"))
        pseudo_spans.append((m.start(), m.end()))
    for m in P["tenths"].finditer(text, s0, s1):
        sign = 1 if m.group("inc") else -1
        out.append(_El("rate", m.start("n"), m.end(), m.group("n") + "成", sign * 10 * _CN_DIGITS[m.group("n")],
                       "%", 10.0, True, sign, bool(m.group("approx")), how="成"))
        pseudo_spans.append((m.start(), m.end()))
    for m in P["half"].finditer(text, s0, s1):
        out.append(_El("rate", m.start(), m.end(), m.group(0), -50.0, "%", 10.0, True, -1,
                       bool(m.group("approx") or m.group("more")), how="一半"))
        pseudo_spans.append((m.start(), m.end()))

    for c in claims:
        if not (s0 <= c.nstart < s1) or c.value is None or c.in_table:
            continue
        if any(a <= c.nstart < b for a, b in pseudo_spans):
            continue
        before = text[max(s0, c.nstart - 14):c.nstart]
        if c.unit in ("%", "个百分点"):
            m = P["after_verb"].search(before)
            if m:
                sign = (1 if m.group("inc") or m.group("rinc") else -1) * (-1 if m.group("neg") else 1)  # 增长-5.3%
                el = _claim_el(c, "points" if c.unit == "个百分点" else "rate", sign)
                el.value *= sign
                el.approx = el.approx or bool(m.group("approx"))
                out.append(el)
                continue
            el = _to_or_prev(c, before)
            if el is not None:
                out.append(el)
                continue
            if c.unit == "%":
                out.append(_claim_el(c, "plain", how="达到" if P["reach"].search(before) else ""))
            continue
        el = _to_or_prev(c, before)
        if el is not None:
            out.append(el)
            continue
        m = P["after_verb"].search(before)
        if m and not m.group("rn"):
            sign = 1 if m.group("inc") else -1
            el = _claim_el(c, "delta", sign)
            el.value *= sign
            el.approx = el.approx or bool(m.group("approx"))
            out.append(el)
            continue
        clause = text[max(text.rfind(",", s0, c.nstart), text.rfind("(", s0, c.nstart), s0 - 1) + 1:c.nstart]
        if P["prev_clause"].fullmatch(clause) and not P["carried"].search(clause):
            out.append(_claim_el(c, "prev", how="上年"))  # 去年全年受理412件
            continue
        el = _claim_el(c, "plain", how="达到" if P["reach"].search(before) else "")
        el.label_year = _year_label(text, s0, c.nstart)
        out.append(el)
    out.sort(key=lambda e: e.nstart)
    return out


# ---------------------------------------------------------------- grouping and checking

@dataclass
class _Subject:
    cur: _El | None = None
    prev: _El | None = None
    stated: list = field(default_factory=list)
    explicit: bool = False  # 由A到B
    alts: list = field(default_factory=list)  # other figures before it in the sentence, nearest first


def _money(u):
    return u in ("元", "万元", "亿元")


def _compatible(a: _El, b: _El) -> bool:
    from .relations import same_class  # the unit classes are kept there (one place)
    from .datacheck import base_unit

    if (a.unit in ("%", "个百分点")) != (b.unit in ("%", "个百分点")):
        return False
    if a.unit in ("%", "个百分点"):
        return True
    if _money(a.unit) != _money(b.unit):
        return False
    return same_class(base_unit(a.unit), base_unit(b.unit)) or base_unit(a.unit) == base_unit(b.unit)


def _new_topic(text: str, s0: int, after: int, pos: int) -> bool:
    """The clause before a stated change names something else (`参与人数较去年翻了一番` after a
    figure of 讲座): what is left after the change words is a noun of its own."""
    start = max(text.rfind(",", s0, pos), text.rfind("(", s0, pos), after, s0)
    rest = _patterns()["change_words"].sub("", text[start:pos])
    return len(re.findall(r"[\u4e00-\u9fff]", rest)) >= 2


def _same_topic(text: str, a: _El, b: _El) -> bool:
    """Two figures named by their years speak of the same thing: the words of a's clause (less
    years and change words) are empty or share two characters in a row with b's."""
    def words(e):
        start = max(text.rfind(",", 0, e.nstart), text.rfind("。", 0, e.nstart), text.rfind("\n", 0, e.nstart)) + 1
        rest = re.sub(r"20\d{2}年度?|今年|本年|全年", "", text[start:e.nstart])
        return "".join(re.findall(r"[\u4e00-\u9fff]", _patterns()["change_words"].sub("", rest)))

    wa, wb = words(a), words(b)
    if not wa or not wb:
        return True
    return any(wa[i:i + 2] in wb for i in range(len(wa) - 1))


def _subjects(els: list[_El], text: str = "", s0: int = 0, year: int | None = None) -> list[_Subject]:
    subs: list[_Subject] = []
    cur = _Subject()
    last_end = s0

    def new():
        nonlocal cur
        if cur.cur or cur.prev or cur.stated:
            subs.append(cur)
        cur = _Subject()

    plain: list[_El] = []
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
            elif cur.prev is None and (cur.cur is None or _compatible(cur.cur, e)):
                cur.prev = e  # 320件,是上年的3倍(上年为105件)
            else:
                new()
                cur.prev = e
        elif e.role == "to":
            if cur.cur is not None and not cur.explicit or cur.stated:
                new()
            cur.cur = e
        else:
            if text and (cur.cur or cur.prev or cur.stated) and _new_topic(text, s0, last_end, e.nstart):
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
    merged: list[_Subject] = []
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
                if t.cur is not None and not t.stated and t.prev is None and t.cur.label_year == y - 1 \
                        and _compatible(t.cur, s.cur) and (not text or _same_topic(text, t.cur, s.cur)):
                    s.prev = t.cur
                    s.prev.how = "年份"
    return [s for s in subs if s.stated]


def _gap(x: float, lo: float, hi: float) -> float:
    return 0.0 if lo - 1e-9 <= x <= hi + 1e-9 else min(abs(x - lo), abs(x - hi))


def _range(f, prev: _El | float, cur: _El | float, hp: float, hc: float):
    vals = []
    p0 = prev.value if isinstance(prev, _El) else prev
    c0 = cur.value if isinstance(cur, _El) else cur
    for dp in (-hp, 0.0, hp):
        for dc in (-hc, 0.0, hc):
            p, c = p0 + dp, c0 + dc
            v = f(p, c)
            if v is not None:
                vals.append(v)
    return (min(vals), max(vals)) if vals else None


def _half(e: _El | None) -> float:
    if e is not None and e.role == "multiple":
        return min(e.step / 2, 0.1 * abs(e.value))  # 增长一倍 is 1.8–2.2 times, not 1.5–2.5
    return e.step / 2 if e is not None and e.rounded else 0.0


def _verdict(stated: _El, lo: float, hi: float, allow_rounding: bool = True) -> str:
    g = _gap(stated.value, lo - _half(stated), hi + _half(stated))
    if g <= 1e-9:
        return "consistent"
    if allow_rounding and stated.rounded and g <= stated.step + 1e-9:
        return "rounding"
    return "inconsistent"


def _evaluate(s: _Subject, basis: str | None, ext_prev=None) -> list[ChangeCheck]:
    """Every stated figure of one subject against what the other figures give."""
    out = []
    cur, prev = s.cur, s.prev
    source, where = "text", None
    if prev is None and ext_prev is not None:
        prev, source, where = ext_prev
    deltas = [e for e in s.stated if e.role == "delta"]
    delta = deltas[0] if deltas else None
    if delta is not None and ((cur is not None and not _compatible(delta, cur)) or
                              (prev is not None and not _compatible(delta, prev))):
        delta = None
    pct_subject = (cur is not None and cur.unit == "%") or (prev is not None and prev.unit == "%")
    if cur is not None and prev is not None and not _compatible(cur, prev):
        return out
    if any(e is not None and e.approx for e in (cur, prev)):
        return out
    unit = next((e.claim.unit for e in (cur, prev, delta) if e is not None and e.claim is not None), None)

    def make(st: _El, verdict, computed, reason=None, ** kw):
        claims = {k: e.claim for k, e in (("current", cur), ("previous", prev), ("delta", delta), ("stated", st))
                  if e is not None and e.claim is not None}
        return ChangeCheck(verdict=verdict, nstart=st.nstart, nend=st.nend, stated=st.role, stated_value=st.value,
                           stated_text=st.text, computed=computed,
                           previous=None if prev is None else prev.value, current=None if cur is None else cur.value,
                           delta=None if delta is None else delta.value, unit=unit, basis=basis,
                           previous_source=source, previous_where=where, reason=reason, claims=claims, **kw)

    hp, hc = _half(prev), _half(cur)
    for st in s.stated:
        if st.approx:
            continue
        if st.role == "delta":
            if st is not delta or cur is None or prev is None:
                continue
            # the written figures are what a reader subtracts: no slack for their own rounding
            computed = cur.value - prev.value
            v = _verdict(st, computed, computed, allow_rounding=True)
            if v == "rounding" and not (st.rounded or prev.rounded or cur.rounded):
                v = "inconsistent"
            reason = "direction" if v == "inconsistent" and (cur.value - prev.value) * st.value < 0 else None
            out.append(make(st, v, cur.value - prev.value, reason))
        elif st.role == "rate":
            if pct_subject and cur is not None and prev is not None:
                # two rates: a stated % is a rate of change; the difference is in 个百分点
                rng = _range(lambda p, c: None if p == 0 else 100 * (c - p) / p, prev, cur, hp, hc)
                v = _verdict(st, *rng) if rng else "inconsistent"
                prng = _range(lambda p, c: c - p, prev, cur, hp, hc)
                dec = _decimals(st.text)
                exact = compute_change(prev.value, cur.value).rate
                if _verdict(st, *prng) == "consistent" and (v != "consistent" or exact is None or
                                                            abs(round_half_up(exact, dec) - st.value) > 1e-9):
                    # 由96.1%提高到98.3%,提高2.2%: the difference of two rates is in 个百分点
                    out.append(make(st, "inconsistent", cur.value - prev.value, "points_as_percent"))
                    continue
                if rng:
                    out.append(make(st, v, compute_change(prev.value, cur.value).rate))
                continue
            if pct_subject:
                continue
            cands = []  # what the other figures give for the rate
            if prev is not None and cur is not None and prev.value:
                cands.append(_range(lambda p, c: None if p == 0 else 100 * (c - p) / p, prev, cur, hp, hc))
            if delta is not None and prev is not None and prev.value:
                hd = _half(delta)
                cands.append(_range(lambda p, d: None if p == 0 else 100 * d / p, prev, delta, hp, hd))
            if delta is not None and cur is not None and prev is None and cur.value - delta.value:
                hd = _half(delta)
                cands.append(_range(lambda c, d: None if c - d == 0 else 100 * d / (c - d), cur, delta, hc, hd))
            cands = [c for c in cands if c]
            if not cands:
                continue
            verdicts = [_verdict(st, *c) for c in cands]
            best = min(range(len(cands)), key=lambda i: ("consistent", "rounding", "inconsistent").index(verdicts[i]))
            lo, hi = cands[best]
            computed = (lo + hi) / 2
            if prev is not None and cur is not None and prev.value:
                computed = compute_change(prev.value, cur.value).rate if best == 0 else computed
            v = verdicts[best]
            reason = "direction" if v == "inconsistent" and computed * st.value < 0 else None
            if v == "inconsistent" and st.value > 0 and cur is not None and prev is not None and prev.value:
                # 增长N% written where current is N% of previous (or the reverse)
                if abs(100 * cur.value / prev.value - st.value) <= st.step:
                    reason = "share_as_rate"
            out.append(make(st, v, computed, reason))
        elif st.role == "points":
            if cur is None or prev is None or not pct_subject:
                continue
            rng = _range(lambda p, c: c - p, prev, cur, hp, hc)
            out.append(make(st, _verdict(st, *rng), cur.value - prev.value,
                            "direction" if (cur.value - prev.value) * st.value < 0 else None))
        elif st.role == "multiple":
            if pct_subject:
                continue
            p_val = prev
            if p_val is None and delta is not None and cur is not None:
                p_val = _El("prev", cur.nstart, cur.nend, "", cur.value - delta.value, cur.unit, 0, False)
            if cur is None or p_val is None or not p_val.value:
                continue
            rng = _range(lambda p, c: None if p == 0 else c / p, p_val, cur, _half(p_val), hc)
            if not rng:
                continue
            v = _verdict(st, *rng, allow_rounding=st.step < 1 and st.how != "翻番")
            computed = cur.value / p_val.value
            reason = None
            if v == "inconsistent" and st.how not in ("是N倍", "翻番") and abs(computed - (st.value - 1)) <= st.step / 2:
                reason = "multiple_convention"  # 增长2倍 written for 是上年的2倍
            out.append(make(st, v, computed, reason))
    return out


def _evaluate_best(s: _Subject, basis: str | None, ext_prev=None) -> list[ChangeCheck]:
    """The nearest figure is the current one, unless it contradicts the stated change and another
    figure of the sentence agrees with everything stated (受理449件,其中网上320件,比上年的412件增加37件)."""
    first = _evaluate(s, basis, ext_prev)
    if all(c.verdict == "consistent" for c in first) or s.cur is None or ext_prev is not None:
        return first
    def score(checks):
        return sum(c.verdict != "inconsistent" for c in checks)

    best = first
    for alt in s.alts:
        if s.prev is not None and not _compatible(alt, s.prev):
            continue
        trial = _Subject(cur=alt, prev=s.prev, stated=s.stated, explicit=s.explicit)
        got = _evaluate(trial, basis)
        if len(got) >= len(first) and score(got) > score(best):
            best = got
    return best


def _basis(text: str, s0: int, pos: int) -> str | None:
    P = _patterns()
    seg = text[max(s0, pos - 24):pos + 2]
    if P["period_basis"].search(seg):
        return "period"
    if P["year_basis"].search(seg):
        return "year"
    return None


def _respectively(text: str, s0: int, s1: int, claims) -> list[_Subject]:
    """`受理复议56件、应诉32件,上年分别为48件、40件,同比分别增长16.7%、下降20%`: figures paired in
    order. Only when the three lists have the same length and each pair the same kind of unit;
    anything else is not guessed."""
    P = _patterns()
    mp = re.search(r"(?:" + _alt("previous_year") + r"|20\d{2}年)(?:同期)?(?:全年)?分别(?:为|是|:)?", text[s0:s1])
    mr = re.search(r"分别\s*(?=(?:" + _alt("increase", "decrease", "rate_up", "rate_down") + r"))", text[s0:s1])
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
        before = text[max(ra, st.nstart - 8):st.nstart]
        m = list(P["verb"].finditer(before))
        if m:
            sign = 1 if m[-1].group("inc") else -1
        if not sign:
            return []
        ce, pe = _claim_el(c, "plain"), _claim_el(p, "prev", how="上年")
        role = "points" if st.unit == "个百分点" else ("rate" if st.unit == "%" else "delta")
        se = _claim_el(st, role, sign)
        se.value *= sign
        if not _compatible(ce, pe) or c.approx or p.approx or st.approx:
            return []
        out.append(_Subject(cur=ce, prev=pe, stated=[se]))
    return out


_COL_RATE = re.compile(r"同比|增长率|增幅|增减率|增减幅度|变化率|增减%|增减\(%\)")
_COL_DELTA = re.compile(r"^(?:同比)?(?:增减|增加|变化)(?:量|数|额)?(?:\(.*\))?$")


def _table_changes(rep, claims) -> list[ChangeCheck]:
    """`指标 | 2024年 | 2023年 | 同比增长(%)`: each row's rate (and change) against its two years."""
    year = rep.meta.year
    heads: dict[int, list[str]] = {}
    for _ln, (tno, rno, cells, _hu) in rep.tables.items():
        if rno == 0:
            heads[tno] = [re.sub(r"\s+", "", c[2]) for c in cells]
    at = {(c.table, c.row, c.col): c for c in claims if c.in_table}
    out = []
    for tno, head in heads.items():
        years = {}
        for i, h in enumerate(head):
            m = re.match(r"^(20\d{2})年(?:度)?(?:\(.*\))?$", h)
            if m:
                years[int(m.group(1))] = i
            elif re.match(r"^(?:本年|今年|本年度)", h) and year:
                years[year] = i
            elif re.match(r"^(?:上年|去年|上年度|上年同期|去年同期)", h) and year:
                years[year - 1] = i
        pairs = [(y, years[y], years[y - 1]) for y in years if y - 1 in years]
        rate_col = next((i for i, h in enumerate(head) if _COL_RATE.search(h)), None)
        delta_col = next((i for i, h in enumerate(head) if _COL_DELTA.match(h)), None)
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
                e = _claim_el(rc, "rate", 1 if rc.value >= 0 else -1)
                e.unit, e.rounded, e.step = "%", True, 10 ** -_decimals(rc.text)
                stated.append(e)
            if dc is not None:
                stated.append(_claim_el(dc, "delta", 1 if dc.value >= 0 else -1))
            sub = _Subject(cur=_claim_el(cur, "plain"), prev=_claim_el(prev, "prev"), stated=stated)
            for e in (sub.cur, sub.prev, *stated):
                if e.claim.unit is None and e.role != "rate":
                    e.unit = None
            out.extend(_evaluate(sub, "year"))
    return out


def _labelled_before(text: str, s0: int, claims, cur: _El) -> _El | None:
    """The figure named by the year before `cur`'s, in an earlier sentence of the same paragraph."""
    line_start = text.rfind("\n", 0, s0) + 1
    found = None
    for a, b in _sentences(text[line_start:s0]):
        for e in _elements(text, line_start + a, line_start + b, claims):
            if e.role == "plain" and e.label_year == cur.label_year - 1 and _compatible(e, cur) and \
                    _same_topic(text, e, cur) and \
                    (e.claim is None or cur.claim is None or not e.claim.metric or not cur.claim.metric
                     or e.claim.metric == cur.claim.metric):
                found = e
                found.how = "年份"
    return found


def find_changes(rep, previous_figures: dict | None = None) -> list[ChangeCheck]:
    """Every recomputable stated change of the report.

    `previous_figures`: metric -> (value in base units, source, where) for last year, from the
    previous report or the data; used for a current figure whose sentence gives no previous one."""
    text = rep.norm.text
    P = _patterns()
    claims = sorted((c for c in rep.claims if not c.in_table), key=lambda c: c.nstart)
    starts = [c.nstart for c in claims]
    main = set()
    if previous_figures:
        # last year's figure of a metric is compared only with this year's figure of it (the one
        # `compare` stores), not with a part or a sub-figure tagged with the same metric
        from ..compare.work import metric_values

        main = {(m, v["text"]) for m, v in metric_values(rep).items()}
    out: list[ChangeCheck] = []
    for s0, s1 in _sentences(text):
        seg = text[s0:s1]
        if not P["verb"].search(seg) and "倍" not in seg and "番" not in seg and "减半" not in seg:
            continue
        if rep.part_at(s0) == "next_year":
            continue  # targets for the coming year
        own = claims[bisect_left(starts, s0):bisect_left(starts, s1)]
        if "分别" in seg:
            subs = _respectively(text, s0, s1, own)
        else:
            subs = _subjects(_elements(text, s0, s1, own), text, s0, rep.meta.year)
        for sub in subs:
            first = sub.stated[0]
            anchor = min(e.nstart for e in (sub.cur, sub.prev, first) if e is not None)
            clause_start = max(text.rfind(",", s0, anchor), s0 - 1) + 1
            if P["plan"].search(text[clause_start:first.nstart]):
                continue
            basis = "explicit" if sub.explicit else _basis(text, s0, first.nstart)
            if sub.prev is None and sub.cur is not None and sub.cur.label_year:
                sub.prev = _labelled_before(text, s0, claims, sub.cur)  # 2023年受理66件。2024年受理151件,同比……
            ext = None
            if sub.prev is None and previous_figures and sub.cur is not None and sub.cur.claim is not None \
                    and basis == "year" and sub.cur.claim.metric in previous_figures and sub.cur.unit != "%" \
                    and (sub.cur.claim.metric, sub.cur.claim.text) in main:
                val, src, where = previous_figures[sub.cur.claim.metric]
                pe = _El("prev", sub.cur.nstart, sub.cur.nend, "", val, sub.cur.unit, 0.0, False)
                ext = (pe, src, where)
            out.extend(_evaluate_best(sub, basis, ext))
    out += _table_changes(rep, rep.claims)
    out.sort(key=lambda ch: ch.nstart)
    return out


def previous_figures_from_report(prev_rep) -> dict:
    """metric -> (base value, 'previous_report', file) from last year's analysed report."""
    from ..compare.work import metric_values

    name = getattr(prev_rep.source, "path", None)
    return {m: (v["value"], "previous_report", f"{name}：{v['text']}") for m, v in metric_values(prev_rep).items()}


def previous_figures_from_data(rows, org: str | None, year: int | None) -> dict:
    """metric -> (base value, 'data', cell) from the data rows of the year before `year`."""
    if not rows or not year:
        return {}
    from .datacheck import select_rows

    out = {}
    for r in select_rows(rows, org, year - 1):
        if r.year == year - 1 and r.metric not in out:
            out[r.metric] = (to_base(r.value, r.unit), "data", r.where)
    return out


def hook(rep, config=None, data=None) -> list[ChangeCheck]:
    """The pipeline's one call: last year's figures from `config.previous` (an analysed report)
    and from `data`, then `find_changes`."""
    figures: dict = {}
    prev_rep = getattr(config, "previous", None)
    if data:
        figures.update(previous_figures_from_data(data, getattr(config, "data_org", None) or rep.meta.org,
                                                  rep.meta.year))
    if prev_rep is not None:
        py, y = getattr(prev_rep.meta, "year", None), rep.meta.year
        if not (py and y and py != y - 1):  # a report of another year is not last year's
            figures.update(previous_figures_from_report(prev_rep))
    return find_changes(rep, figures)
