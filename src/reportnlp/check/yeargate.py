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
RN301 reports stale and early mentions, RN312 the retrospective notes.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from . import lexicon as L

_YEAR_BEFORE = re.compile(r"(20\d{2})\s*年度?[^。;\n\d]{0,6}$")
_TITLE = re.compile(r"《([^《》\n]{2,80})》")
_PERIOD_SUFFIX = re.compile(r"\s*\(\s*(?:20\d{2}\s*[-—–－~至]+\s*20\d{2}\s*年?|试行)\s*\)\s*$")
_TITLE_HISTORY = re.compile(r"原|废止|失效|取代|替代|施行前|此前|同时|修订前|以前")
_TITLE_FORWARD = re.compile(r"草案|立法|起草|征求意见|出台|制定|审议|即将|颁布|公布|通过")


@dataclass(frozen=True, kw_only=True)
class Dated:
    start: int
    end: int
    text: str
    verdict: str  # stale | early | retro
    year: int  # the year the mention was judged for
    name: str
    since: int | None
    until: int | None
    instead: str | None
    severity: str
    source: str
    unit: str = "RN301"


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
    for p in lex.periods:
        if not any(n in text for n in p.needles):
            continue
        for m in p.pattern.finditer(text):
            raw.append((m.start(), m.end()))
            s, t = m.start(), m.end()
            if not ok_line(s):
                continue
            res = _judge(rep, text, s, t, since=p.since, until=p.until, history=p.history, retro=p.retro,
                         forward=p.forward, kind=p.kind)
            if res:
                out.append(Dated(start=s, end=t, text=m.group(0), verdict=res[0], year=res[1], name=p.name,
                                 since=p.since, until=p.until, instead=p.instead, severity=p.severity, source=p.source, unit=p.unit))
    for f in lex.formulas:
        if f.since is None:
            continue
        for form in (f.form, *f.variants):
            if form not in text:
                continue
            for m in re.finditer(re.escape(form), text):
                s, t = m.start(), m.end()
                if not ok_line(s):
                    continue
                res = _judge(rep, text, s, t, since=f.since, until=None, history=None, retro=None,
                             forward=re.compile("迎接|谋划|筹备"), kind="formula")
                if res:
                    out.append(Dated(start=s, end=t, text=form, verdict=res[0], year=res[1], name=f.form,
                                     since=f.since, until=None, instead=None, severity="error", source=f.source))
    idx = L.title_index()
    for m in _TITLE.finditer(text):
        inner = re.sub(r"\s+", "", m.group(1))
        rec = idx.get(inner) or idx.get(_PERIOD_SUFFIX.sub("", inner))
        if rec is None or not ok_line(m.start()):
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
    out.sort(key=lambda d: (d.start, -(d.end - d.start)))
    kept: list[Dated] = []
    for d in out:
        if kept and d.start < kept[-1].end:
            continue
        kept.append(d)
    cache["dated"] = kept
    cache["period_spans"] = raw
    return kept


def period_spans(rep) -> list[tuple[int, int]]:
    """Spans of every dated term of the lexicon, judged or not (a near-miss never re-reports them)."""
    dated_mentions(rep)
    return rep.__dict__["_formula_cache"]["period_spans"]


def message(d: Dated) -> str:
    if d.verdict == "early":
        return f"年代不符：报告所述年度为{d.year}年，“{d.text}”{d.since}年才出现（依据：{d.source}）"
    if d.verdict == "retro":
        return (f"回顾性提及：“{d.text}”（{d.name}适用至{d.until}年），报告所述年度为{d.year}年，"
                "属总结收尾，可保留；请确认未把它当作当期工作")
    span = f"适用至{d.until}年"
    rest = f"，应改为{d.instead}" if d.instead else ""
    return f"过时提法：报告所述年度为{d.year}年，“{d.text}”已过时（{d.name}{span}）{rest}"
