"""Year gating: mentions whose validity years (from the lexicon) do not fit the report's year.

A mention is judged against the year it speaks of: a year written just before it
(`2024年七五普法工作总结`) or else the report's year. Outcomes:
- stale: the formulation ended before that year (七五普法 in 2022, 《合同法》 in 2021);
- early: it did not exist yet (习近平法治思想 in a 2019 report) — unless the words look ahead
  (谋划、启动) or stand in the next-year plans of the year before;
- retro: a look back (总结、验收、表彰) in the year or so after the period ended, as a 2021 report
  completing the 七五普法 review does — a note, not an error. Later, a 七五 summary is stale again.
Plainly historical wording (以来、期间、原……) is never reported, nor, in a review of several years
(meta.period), a mention valid at some time within them.
- mismatch: a name that does not fit its calendar entry — a plan cited with another period than its
  own (法治政府建设实施纲要（2021—2024年）, “十四五”（2021—2026年）), a plenum a closed Central Committee
  never held (十九届八中全会).
A plenum after the last one the calendar lists is early for reports up to that plenum's year.
Bodies are judged at the report's level (province, city, county) when its organisation shows it.
RN301 reports stale and early mentions, RN312 the retrospective notes, RN302 the mismatches,
RN314 old names of bodies and terms. Every message cites the calendar entry's source.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

import reportnlp.recache as recache
from ..domain import calendar as C
from . import lexicon as L

_YEAR_BEFORE = recache.compile(r"(20\d{2})\s*年度?[^。;\n\d]{0,6}$")
_TITLE = recache.compile(r"《([^《》\n]{2,80})》")
_PERIOD_SUFFIX = recache.compile(r"\s*\(\s*(?:20\d{2}\s*[-—–－~至]+\s*20\d{2}\s*年?|试行)\s*\)\s*$")
_TITLE_HISTORY = recache.compile(r"原|废止|失效|取代|替代|施行前|此前|同时|修订前|以前")
_FORMULA_FORWARD = recache.compile("迎接|谋划|筹备")
_TITLE_FORWARD = recache.compile(r"草案|立法|起草|征求意见|出台|制定|审议|即将|颁布|公布|通过")
# a revision named with the title: 《行政处罚法》（2021年修订）, 新修订的《行政复议法》
_REVISION_AFTER = recache.compile(r"\s*[（(]\s*((?:19|20)\d{2})\s*年\s*(修订|修正|修改)(?:版|本)?\s*[）)]")
_REVISION_BEFORE = recache.compile(r"(?:新修订|新修正|新修改|修订后|修正后)的?\s*$")
_RECENT = 2  # report years a revision stays 新修订
# report years after which a revision called 新修订 is noted as no longer new (a wording note: real reports
# still write 新修订的 three or four years on — 预防未成年人犯罪法 (2020) in 2023, 水污染防治法 (2017) in 2021)
_OLD_NEW = 5


class Dated(NamedTuple):
    start: int
    end: int
    text: str
    # stale | early | retro | mismatch | position (a plan's first or last year said of another year) |
    # unmade (a law's revision of a year it was not revised in) | unrevised (新修订的 before a law never revised) |
    # passed (迎接… an event already held)
    verdict: str
    year: int  # the year the mention was judged for
    name: str
    since: int | None
    until: int | None
    instead: str | None
    severity: str
    source: str
    unit: str = "RN301"
    level: str | None = None  # the report's level when the entry's years depend on it
    years: tuple[int, ...] = ()  # position: the years the clause may speak of (今年: the report's year or the next)
    form: str = ""  # how the message reads the years: "" or "anniversary" (see _MESSAGES)


def _own_name_at(text: str, own: str, s: int, t: int) -> bool:
    """The author's own name `own` is written where a body's name matched text[s:t]."""
    k = text.find(own, max(0, t - len(own)), s + len(own))
    return k >= 0 and k <= s and t <= k + len(own)


def _ctx(text: str, s: int, t: int, width: int = 12) -> str:
    a = max(0, s - width, text.rfind("\n", max(0, s - width), s) + 1)
    e = text.find("\n", t)
    b = min(len(text) if e < 0 else e, t + width)
    return text[a:b]


def _year_for(text: str, s: int, report_year: int | None) -> tuple[int | None, bool]:
    ls = text.rfind("\n", max(0, s - 12), s) + 1
    m = _YEAR_BEFORE.search(text[max(ls, s - 12):s])
    if m:
        return int(m.group(1)), True
    return report_year, False


def _skip_lines(rep) -> set[int]:
    return set(getattr(rep.chrome, "lines", ()) or ())


def _judge(rep, text, s, t, *, since, until, history, retro, forward, kind) -> tuple[str, int] | None:
    year, explicit = _year_for(text, s, rep.meta.year)
    if year is None:
        return None
    ctx = _ctx(text, s, t)
    if history is not None and history.search(ctx):
        return None
    part = rep.part_at(s) if rep.sections else None
    period = getattr(rep.meta, "period", None)
    if period and not explicit and (since is None or since <= period[1]) and (until is None or until >= period[0]):
        return None  # a review of several years: a mention valid at some time within them is of its time
    if since is not None and year < since:
        if forward is not None and forward.search(ctx):
            return None
        if part == "next_year" and year + 1 >= since:
            return None
        return "early", year
    if until is not None and year > until:
        if retro is not None and retro.search(ctx):
            return ("retro", year) if year <= until + 1 else ("stale", year)
        if kind == "pufa" and part == "next_year" and year <= until + 1 and not explicit:
            return None
        return "stale", year
    return None


def _looked_ahead_after(rep, text: str, s: int, t: int, p, since: int | None) -> Dated | None:
    """迎接党的二十大 in a report on a year after the congress: words that look ahead to an event
    (`p.ahead` right before the mention, `p.ahead_after` right after it) once it is past."""
    year = _year_for(text, s, rep.meta.year)[0]
    if year is None or since is None or year <= since:
        return None
    m = p.ahead.search(text, max(0, s - 8), s)
    a = m.start() if m is not None else s
    e = t
    if m is None and p.ahead_after is not None:
        m = p.ahead_after.match(text, t, min(len(text), t + 8))
        e = m.end() if m is not None else t
    if m is None or (p.history is not None and p.history.search(_ctx(text, s, t))):
        return None
    return Dated(start=a, end=e, text=text[a:e], verdict="passed", year=year, name=p.name,
                 since=since, until=None, instead=None, severity=p.severity, source=p.source, unit=p.unit)


def _level(rep) -> str | None:
    meta = rep.meta
    return C.level_of(getattr(meta, "org", None) or getattr(meta, "org_as_written", None) or getattr(meta, "title", None))


def _bounds(p, level: str | None) -> tuple[int | None, int | None]:
    """since / until of a dated mention at the report's level (the lenient end when it is unknown)."""
    since, until = p.since, p.until
    if level and p.since_by_level:
        since = p.since_by_level.get(level, since)
    if level and p.until_by_level:
        until = p.until_by_level.get(level, until)
    return since, until


_PLENUM_ANY = recache.compile(r"(?<![一二三四五六七八九十])(十[六七八九]|二十[一二三]?)届((?:[一二三四五六七八九十]中、)*[一二三四五六七八九十]中)全会")
_NUMS = {C.cn_number(n): n for n in range(1, 40)}


def _plenum_checks(rep, text, ok_line) -> list[Dated]:
    """Plenums the calendar does not list: never held (a closed Committee) or not held yet."""
    out = []
    year = rep.meta.year
    known = {(p.congress, p.session): p for p in C.plenums()}
    for m in _PLENUM_ANY.finditer(text):
        if not ok_line(m.start()):
            continue
        num = _NUMS.get(m.group(1))
        if num is None or not any(c.number == num for c in C.congresses()):
            continue
        held = [p for p in C.plenums() if p.congress == num]
        for tok in m.group(2).split("、"):
            sess = _NUMS.get(tok[:-1]) if tok[:-1] else None
            if sess is None or (num, sess) in known:
                continue
            last = held[-1] if held else None
            closed = C.next_congress(num) is not None
            name = f"{m.group(1)}届{tok}全会"
            if closed:
                src = f"{last.name}为该届最后一次全会（{last.source}）" if last else "calendar/congresses.yaml"
                out.append(Dated(start=m.start(), end=m.end(), text=m.group(0), verdict="mismatch", year=year or 0,
                                 name=name, since=None, until=None, instead=f"核对届次（{m.group(1)}届共召开{len(held)}次全会）",
                                 severity="error", source=src, unit="RN302"))
            elif year is not None and last is not None and year <= last.year:
                out.append(Dated(start=m.start(), end=m.end(), text=m.group(0), verdict="early", year=year,
                                 name=name, since=last.year + 1, until=None, instead=f"{last.name}精神",
                                 severity="error", source=f"至{last.year}年召开的最近一次全会为{last.name}（{last.source}）"))
    return out


_CN_DIGITS = {c: i for i, c in enumerate("零一二三四五六七八九")}


def _ordinal(s: str) -> int | None:
    """100 / 一百 / 七十五 / 九十九 -> the number (up to 199); None for anything else."""
    if s.isdigit():
        return int(s)
    n, cur = 0, 0
    for ch in s:
        if ch in _CN_DIGITS:
            cur = _CN_DIGITS[ch]
        elif ch == "十":
            n += (cur or 1) * 10
            cur = 0
        elif ch == "百":
            n += (cur or 1) * 100
            cur = 0
        else:
            return None
    return n + cur or None


@lru_cache(maxsize=1)
def _anniversary_patterns() -> list[tuple[C.Anniversary, re.Pattern]]:
    return [(a, recache.compile("(?:" + "|".join(L.literal_rx(n) for n in sorted(a.names, key=len, reverse=True))
                                + r")(?:的)?\s*(\d{1,3}|[一二三四五六七八九十百零]{1,5})\s*周年")) for a in C.anniversaries()]


def _anniversary_checks(rep, text, ok_line) -> list[Dated]:
    """建党100周年 and the like: the year of the N-th anniversary is the founding year + N. Looked
    ahead to (喜迎…) in a report on a later year: stale ("passed"); named in a report two or more years
    before it without looking ahead: early. The year before may already prepare it."""
    if "周年" not in text:
        return []
    ahead = recache.compile(C.anniversary_words("ahead"))
    forward = recache.compile(C.anniversary_words("forward"))
    history = recache.compile(C.anniversary_words("history"))
    out = []
    for a, rx in _anniversary_patterns():
        for m in rx.finditer(text):
            n = _ordinal(m.group(1))
            s, t = m.start(), m.end()
            if n is None or not ok_line(s):
                continue
            year = _year_for(text, s, rep.meta.year)[0]
            if year is None:
                continue
            due = a.year_of(n)
            ctx = _ctx(text, s, t)
            name = f"{a.names[0]}{n}周年（{due}年）"
            before = ahead.search(text, max(0, s - 8), s)
            if before is not None and year > due and not history.search(ctx):
                out.append(Dated(start=before.start(), end=t, text=text[before.start():t], verdict="passed", year=year,
                                 name=name, since=due, until=None, instead=None, severity="error", source=a.source,
                                 form="anniversary"))
            elif year <= due - 2 and not forward.search(ctx) and not history.search(ctx):
                out.append(Dated(start=s, end=t, text=m.group(0), verdict="early", year=year, name=name, since=due,
                                 until=None, instead=None, severity="error", source=a.source, form="anniversary"))
    return out


_LOCAL = recache.compile(r"[省市县区州盟旗]$")


@lru_cache(maxsize=1)
def _period_patterns() -> tuple[list[tuple[dict, re.Pattern]], list[tuple[re.Pattern, list[dict]]]]:
    """For each plan with names and a period, its names followed by a period; for each stem, the
    stem followed by a period and the editions of that stem (built once from calendar/plans.yaml)."""
    by_stem: dict[str, list[dict]] = {}
    for p in C.plans():
        if p.get("stem") and p.get("period"):
            by_stem.setdefault(p["stem"], []).append(p)
    tail = r"[”\"]?(?:普法)?(?:规划纲要|规划|纲要|时期)?\s*" + L.PERIOD_RX
    named = [(p, recache.compile(f"(?:{'|'.join(L.literal_rx(n) for n in p['names'])})" + tail))
             for p in C.plans() if p.get("names") and p.get("period")]
    stems = [(recache.compile(L.literal_rx(stem) + r"\s*" + L.PERIOD_RX), eds) for stem, eds in by_stem.items()]
    return named, stems


def _period_mismatches(text, ok_line) -> list[Dated]:
    """A plan named with a period that is not its own, or a plan title with a period no edition has."""
    out = []
    named, stems = _period_patterns()
    for p, rx in named:
        for m in rx.finditer(text):
            got = (int(m.group(1)), int(m.group(2)))
            if got != tuple(p["period"]) and ok_line(m.start()):
                out.append(_mismatch(m, p, got))
    for rx, eds in stems:
        periods = {tuple(e["period"]) for e in eds}
        for m in rx.finditer(text):
            got = (int(m.group(1)), int(m.group(2)))
            if got in periods or not ok_line(m.start()):
                continue
            if _LOCAL.search(text[max(0, m.start() - 1):m.start()]):
                continue  # a province's or city's own 纲要 (广东省法治政府建设实施纲要（2016—2020年）)
            near = min(eds, key=lambda e: abs(e["period"][0] - got[0]) + abs(e["period"][1] - got[1]))
            out.append(_mismatch(m, near, got))
    return out


@lru_cache(maxsize=1)
def _position_patterns() -> list[tuple[dict, re.Pattern]]:
    """For each plan with names and a period: a name followed, within its clause, by a word naming
    the plan's first or last year (calendar/plans.yaml `positions`: 开局之年, 收官之年 …)."""
    pos = C.plan_positions()
    tail = rf"[”\"》]?[^，。；、,;：:！？!?\n]{{0,6}}?(?:(?P<first>{pos['first']})|(?P<last>{pos['last']}))"
    out = []
    for p in C.plans():
        if not p.get("period"):
            continue
        if p.get("names"):
            head = "|".join(L.literal_rx(n) for n in p["names"])
        elif p.get("stem"):  # 《法治政府建设实施纲要（2021—2025年）》实施的收官之年: the stem with its own period
            a, b = p["period"]
            head = L.literal_rx(p["stem"]) + rf"\s*\(\s*{a}\s*[-—–－~至]+\s*{b}\s*年?\s*\)"
        else:
            continue
        out.append((p, recache.compile(f"(?:{head}){tail}")))
    return out


@lru_cache(maxsize=1)
def _position_words() -> re.Pattern:
    pos = C.plan_positions()
    return recache.compile(f"{pos['first']}|{pos['last']}")


# the year a clause says it is speaking of, right before the plan: 2024年是（实施）“十四五”…, or 今年是 /
# 明年是, which a report on Y written early in Y+1 may say of Y or Y+1 (今年), Y+1 or Y+2 (明年)
_POSITION_STATED = recache.compile(r"(20\d{2}年|今年|本年|明年|来年)(?:[^，。；\n]{0,4}?)(?:是|为|系|既是|也是|正是|正值|恰逢|作为)"
                                   r"[^，。；！？\n]{0,8}$")
_RELATIVE_YEAR = {"今年": (0, 1), "本年": (0, 1), "明年": (1, 2), "来年": (1, 2)}
# the clause puts the report's own time in the plan's first or last year: 在“十四五”收官之年，…
_POSITION_HERE = recache.compile(r"(?:^|[，。；！？\n])\s*(?:在|值此|正值|恰逢|作为|于)\s*$")


def _position_checks(rep, text, ok_line) -> list[Dated]:
    """A plan's first or last year said of another year: 2024年是“十四五”收官之年; 今年是“八五”普法规划的收官之年
    in a report on 2023 (今年: 2023 or 2024, as the report is written early in 2024); 在“十四五”收官之年
    in a report on 2024 (its next-year part speaks of the year after). A clause that names no year and
    does not open on the plan (迎接…收官之年) is not judged: its year is not said."""
    out: list[Dated] = []
    if not _position_words().search(text):
        return out  # most reports name no plan's first or last year
    pos_source = C.plan_positions()["source"]
    for p, rx in _position_patterns():
        if not any(n.strip("“”") in text for n in (p.get("names") or [p.get("stem", "")])):
            continue
        a, b = p["period"]
        for m in rx.finditer(text):
            s = m.start()
            if not ok_line(s):
                continue
            named = a if m.group("first") else b
            clause = text[max(0, s - 40):s]
            stated = _POSITION_STATED.search(clause)
            if stated and stated.group(1)[0].isdigit():
                years = (int(stated.group(1)[:4]),)
            elif stated and rep.meta.year:
                years = tuple(rep.meta.year + k for k in _RELATIVE_YEAR[stated.group(1)])
            elif _POSITION_HERE.search(text[max(0, s - 6):s]) and rep.meta.year:
                part = rep.part_at(s) if rep.sections else None
                years = (rep.meta.year + (1 if part == "next_year" else 0),)
            else:
                continue
            if named in years:
                continue
            which = "开局之年（第一年）" if m.group("first") else "收官之年（最后一年）"
            out.append(Dated(start=s, end=m.end(), text=m.group(0), verdict="position", year=years[0], years=years,
                             name=p["name"],
                             since=a, until=b, instead=f"{named}年", severity="error",
                             source=f"{p['name']}期限为{a}—{b}年，{named}年为其{which}；{pos_source}"))
    return out


def _mismatch(m, p, got) -> Dated:
    a, b = p["period"]
    return Dated(start=m.start(), end=m.end(), text=m.group(0), verdict="mismatch", year=0, name=p["name"],
                 since=a, until=b, instead=f"{p['name']}（规划期{a}—{b}年）" if p.get("stem") is None else p["name"],
                 severity="error", source=p["source"], unit="RN302")


def dated_mentions(rep) -> list[Dated]:
    """All dated mentions of the report outside page chrome (computed once per report)."""
    cache = rep.__dict__.setdefault("_formula_cache", {})
    if "dated" in cache:
        return cache["dated"]
    text = rep.norm.text
    skip = _skip_lines(rep)
    lex = L.lexicon()
    out: list[Dated] = []

    def ok_line(s):
        return not skip or rep.norm.line_of(s) not in skip

    raw: list[tuple[int, int]] = []
    level = _level(rep)
    own = recache.sub(r"\s+", "", getattr(rep.meta, "org", None) or getattr(rep.meta, "org_as_written", None) or "")
    for p in lex.periods:
        if p.needles and not any(n in text for n in p.needles):
            continue
        since, until = _bounds(p, level)
        for m in p.pattern.finditer(text):
            raw.append((m.start(), m.end()))
            s, t = m.start(), m.end()
            if not ok_line(s):
                continue
            if p.kind == "body" and own and m.group(0) in own and _own_name_at(text, own, s, t):
                continue  # the report's own author under its own name (not 国家旅游局 in a report of 文化广电体育和旅游局)
            res = _judge(rep, text, s, t, since=since, until=until, history=p.history, retro=p.retro,
                         forward=p.forward, kind=p.kind)
            if res is None and p.ahead is not None:
                passed = _looked_ahead_after(rep, text, s, t, p, since)
                if passed is not None:
                    out.append(passed)
                    continue
            if res:
                lv = level if (p.since_by_level or p.until_by_level) else None
                out.append(Dated(start=s, end=t, text=m.group(0), verdict=res[0], year=res[1], name=p.name,
                                 since=since, until=until, instead=p.instead, severity=p.severity, source=p.source,
                                 unit=p.unit, level=lv))
    # mismatches first: a wrong period outranks the stale/early judgement of the same words
    out = [*_period_mismatches(text, ok_line), *_plenum_checks(rep, text, ok_line), *_position_checks(rep, text, ok_line),
           *_anniversary_checks(rep, text, ok_line),
           *out]
    for f in lex.formulas:
        if f.since is None and f.until is None:
            continue
        for form in (f.form, *f.variants):
            if form not in text:
                continue
            for m in recache.finditer(re.escape(form), text):
                s, t = m.start(), m.end()
                if not ok_line(s):
                    continue
                res = _judge(rep, text, s, t, since=f.since, until=f.until, history=None, retro=None,
                             forward=_FORMULA_FORWARD, kind="formula")
                if res:
                    out.append(Dated(start=s, end=t, text=form, verdict=res[0], year=res[1], name=f.form,
                                     since=f.since, until=f.until, instead=f.instead, severity="error", source=f.source))
    idx = L.title_index()
    unmade: list[Dated] = []
    for m in _TITLE.finditer(text):
        inner = recache.sub(r"\s+", "", m.group(1))
        rec = idx.get(inner) or idx.get(_PERIOD_SUFFIX.sub("", inner))
        if rec is None or not ok_line(m.start()):
            continue
        rev = _revision_cited(rep, text, m, rec)
        if rev is not None and rev.verdict == "unmade":
            unmade.append(rev)  # RN303's: the title itself is still dated below
        elif rev is not None:
            out.append(rev)
            continue
        since = rec.since if rec.since and rec.since >= 2016 else None
        if since is None and rec.until is None:
            continue
        if any(d.start < m.end() and m.start() < d.end for d in out):
            continue  # already judged as a period or formula
        res = _judge(rep, text, m.start(), m.end(), since=since, until=rec.until, history=_TITLE_HISTORY,
                     retro=None, forward=_TITLE_FORWARD, kind="title")
        if res:
            out.append(Dated(start=m.start(), end=m.end(), text=m.group(0), verdict=res[0], year=res[1],
                             name=f"《{rec.title}》", since=since, until=rec.until,
                             instead=f"《{rec.replaced_by}》" if rec.replaced_by else None, severity="warning",
                             source=rec.source))
    rank = {"mismatch": 0, "position": 0, "unmade": 0, "unrevised": 0, "passed": 0, "early": 1, "stale": 1, "retro": 2}
    out.sort(key=lambda d: (d.start, rank[d.verdict], -(d.end - d.start)))
    kept: list[Dated] = []
    for d in out:
        if any(d.start < k.end and k.start < d.end for k in kept):
            continue
        kept.append(d)
    kept = sorted(kept + unmade, key=lambda d: d.start)
    cache["dated"] = kept
    cache["period_spans"] = raw
    return kept


def _revision_cited(rep, text: str, m, rec) -> Dated | None:
    """A revision of law `rec` (the title matched by `m`) that the report names but could not yet
    cite: 《X》（2021年修订） in a report on a year before that revision could be cited (see
    lexicon._law_year: a text adopted by March counts for the year before), or 新修订的《X》 where no
    revision of X falls in the report year or the `_RECENT` years before it but a later one exists."""
    if not rec.texts_of:
        return None
    after = _REVISION_AFTER.match(text, m.end())
    if after:
        named = [d for d in rec.texts_of if d.startswith(after.group(1))]
        if not named:
            return _unmade(text, m, after, rec)
        since, s, t = min(L._law_year(d) or 0 for d in named), m.start(), after.end()
    else:
        before = _REVISION_BEFORE.search(text, max(0, m.start() - 8), m.start())
        if not before or rep.meta.year is None:
            return None
        years = sorted({L._law_year(d) or 0 for d in rec.texts_of[1:]})  # the revisions, not the adoption
        if not years:
            return _unrevised(rep, text, m, before, rec)
        if any(rep.meta.year - _RECENT <= y <= rep.meta.year for y in years):
            return None
        later = [y for y in years if y > rep.meta.year]
        if not later:
            return _unrevised(rep, text, m, before, rec, last=years[-1])  # an old revision called new
        since, s, t = later[0], before.start(), m.end()
    res = _judge(rep, text, s, t, since=since, until=None, history=_TITLE_HISTORY, retro=None,
                 forward=_TITLE_FORWARD, kind="title")
    if not res or res[0] != "early":
        return None
    return Dated(start=s, end=t, text=text[s:t], verdict="early", year=res[1], name=f"《{rec.title}》的修订",
                 since=since, until=None, instead=None, severity="warning", source=rec.source)


def period_spans(rep) -> list[tuple[int, int]]:
    """Spans of every dated term of the lexicon, judged or not (a near-miss never re-reports them)."""
    dated_mentions(rep)
    return rep.__dict__["_formula_cache"]["period_spans"]


_LEVEL_NAMES = {"province": "省级", "city": "市级", "county": "县级"}


# the kinds of text whose whole history laws.yaml holds (its source lists every amendment of a law and
# of an administrative regulation); rules and Party regulations are not judged on a year they lack
_FULL_HISTORY = ("宪法", "法律", "行政法规")


def _history_years(rec) -> tuple[int, ...]:
    return tuple(sorted({int(d[:4]) for d in rec.texts_of}))


def _unmade(text: str, m, after, rec) -> Dated | None:
    """《X》（2018年修正） where laws.yaml holds X's whole history and no adoption, revision or entry
    into force of X falls in 2018 or within 45 days of it (a text adopted late in December is
    sometimes named by the next year). Years from the data's own last year on are not judged: a
    revision made since the snapshot would be missing."""
    import datetime as dt

    horizon = L.laws_horizon()
    year = int(after.group(1))
    if rec.level not in _FULL_HISTORY or horizon is None or year >= horizon:
        return None
    lo, hi = dt.date(year, 1, 1) - dt.timedelta(days=45), dt.date(year, 12, 31) + dt.timedelta(days=45)
    if any(lo <= dt.date.fromisoformat(d) <= hi for d in (*rec.texts_of, rec.in_force) if d):
        return None
    years = _history_years(rec)
    before = [y for y in years[1:] if y < year] or [y for y in years if y < year]
    word = after.group(2)
    return Dated(start=m.start(), end=after.end(), text=text[m.start():after.end()], verdict="unmade", year=year,
                 name=f"《{rec.title}》", since=None, until=None,
                 instead=f"《{rec.title}》（{before[-1]}年{word}）" if before and before[-1] != years[0] else f"《{rec.title}》",
                 severity="warning", source=rec.source, unit="RN303", years=years)


def _unrevised(rep, text: str, m, before, rec, last: int | None = None) -> Dated | None:
    """新修订的《X》 where laws.yaml holds X's whole history and X has never been revised (adopted
    before the years a text stays 新) or, with `last`, was last revised more than `_OLD_NEW` report years
    before (a note, not a warning); unless a draft is meant (草案, 征求意见 …). Not judged for a report on
    the data's own last year or later (a revision since may be missing)."""
    horizon = L.laws_horizon()
    adopted = L._law_year(rec.texts_of[0])
    if rec.level not in _FULL_HISTORY or horizon is None or adopted is None or rep.meta.year >= horizon \
            or (adopted >= rep.meta.year - _RECENT if last is None else last >= rep.meta.year - _OLD_NEW):
        return None
    if _TITLE_FORWARD.search(text, m.end(), min(len(text), m.end() + 8)):
        return None
    return Dated(start=before.start(), end=m.end(), text=text[before.start():m.end()], verdict="unrevised",
                 year=rep.meta.year, name=f"《{rec.title}》", since=adopted, until=last, instead=m.group(0),
                 severity="warning" if last is None else "info", source=rec.source, years=_history_years(rec))


# One message per verdict (and form: an anniversary's years read differently from a congress's; a
# mismatch without `since` names what never existed; 新修订 of an old revision against a law never revised)
_MESSAGES = {
    ("mismatch", "none"): "届次有误：“{text}”不存在，{instead}{basis}",
    ("mismatch", ""): "名称与期限不符：“{text}”，应为{instead}{basis}",
    ("unmade", ""): "修改年份有误：{name}没有{year}年的修正或修订（该法通过和修改的年份：{years}年）{basis}",
    ("unrevised", "old"): "表述不妥：{name}最近一次修改在{until}年，报告所述年度为{year}年，“{text}”中的“新修订”已不是新的修订{basis}",
    ("unrevised", ""): "表述有误：{name}自{first}年通过以来没有修改过，“{text}”中的“新修订”不成立{basis}",
    ("passed", "anniversary"): "年代不符：报告所述年度为{year}年，{name}已经过去，“{text}”是那一年之前的说法{basis}",
    ("passed", ""): "年代不符：报告所述年度为{year}年，{name}已于{since}年召开，“{text}”是召开前的说法{basis}",
    ("position", ""): "年份与提法不符：“{text}”指{instead}，此处所说的是{years_or}年{basis}",
    ("early", "anniversary"): "年代不符：报告所述年度为{year}年，“{text}”在{since}年，尚未到来{basis}",
    ("early", ""): "年代不符：报告所述年度为{year}年，“{text}”{at}{since}年才出现{basis}",
    ("retro", ""): "回顾性提及：“{text}”（{name}适用至{until}年），报告所述年度为{year}年，属总结收尾，可保留；请确认未把它当作当期工作{basis}",
    ("stale", ""): "过时提法：报告所述年度为{year}年，“{text}”已过时（{name}{at}适用至{until}年）{rest}{basis}",
}


def message(d: Dated) -> str:
    form = d.form or ("none" if d.verdict == "mismatch" and d.since is None else
                      "old" if d.verdict == "unrevised" and d.until is not None else "")
    return _MESSAGES[(d.verdict, form)].format(
        text=d.text, name=d.name, year=d.year, since=d.since, until=d.until, instead=d.instead,
        at=_LEVEL_NAMES.get(d.level or "", ""), basis=f"（依据：{d.source}）",
        years="、".join(str(y) for y in d.years), years_or="或".join(str(y) for y in d.years),
        first=d.years[0] if d.years else "", rest=f"，应改为{d.instead}" if d.instead else "")
