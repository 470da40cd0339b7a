"""Enumerated fixed formulas broken as a whole: a member missing, swapped or replaced.

Driven by the `members` of calendar/formulas.yaml (科学立法、严格执法、公正司法、全民守法; 职能科学、
权责法定 … 人民满意; 道路自信、理论自信、制度自信、文化自信 …). The text is cut into runs of items
separated by 、; the first item may carry words before the formula (坚持科学立法) and the last words
after it (依法行政共同推进, 人民满意的法治政府). A run is compared with each formula:
- all members, in another order                        -> 次序 (order)
- all members but one, the last of them absent (≥ 4, or 3 when the formula's own closing words
  follow: 法治国家、法治社会一体建设)                     -> 缺项 (a member missing)
- all members but one, that one replaced by an item sharing at least half of its characters
  (全民懂法 for 全民守法, 公正公开 for 公开公正)        -> 替换 (a member replaced)
A run that is exactly the members of some formula (the 2015 and the 2021 wording of the 纲要's goal)
is never reported here; its years are judged by the year gate. A run separated by commas
(科学立法，严格执法，全民守法) is read only when every item is a member, and only for 缺项 and 次序.
The last item may be joined by 和/及/与 instead of 、 (制度自信和文化自信): the run is also read with it
split there, and that reading decides. A national member said of the report's own jurisdiction is
that member (依法治县 for 依法治国, 法治青山 for 法治国家 in a report of 青山县): the level words of
domain/data/orgs.yaml and the report's own place stand for 国 / 国家.
"""
from __future__ import annotations

from collections import Counter
from functools import lru_cache
from typing import NamedTuple

import reportnlp.recache as recache
from . import lexicon as L

# A run starts only where its characters start (the lookbehind) and its pieces never give back
# characters (possessive): the same matches as `[…]+(?:、[…]+)+`, in linear time (a text of 10 万
# `其中` and no 、 took minutes: every position retried the rest of the text).
_RUN = recache.compile(r"(?<![\u4e00-\u9fff“”\"])[\u4e00-\u9fff“”\"]++(?:、[\u4e00-\u9fff“”\"]++)+")
# the same items separated by commas (科学立法,严格执法,全民守法): read only when every item is a member
_COMMA_RUN = recache.compile(r"(?<![\u4e00-\u9fff“”\"])[\u4e00-\u9fff“”\"]++(?:,[\u4e00-\u9fff“”\"]++){2,}")
_QUOTES = "“”\""
_JOINED = recache.compile(r"(?:以及|和|及|与)")  # a last item joined by a conjunction instead of 、


class Break(NamedTuple):
    start: int
    end: int
    found: str
    kind: str  # 缺项 | 次序 | 替换
    detail: str
    form: str
    source: str


@lru_cache(maxsize=1)
def _formulas():
    out = []
    for f in L.lexicon().formulas:
        if len(f.members) >= 3:
            tail = f.form[f.form.rfind(f.members[-1]) + len(f.members[-1]):] if f.members[-1] in f.form else ""
            out.append((f, tail))
    return out


def _similar(a: str, b: str) -> bool:
    shared = sum((Counter(a) & Counter(b)).values())
    return shared * 2 >= len(b) and abs(len(a) - len(b)) <= 2


@lru_cache(maxsize=None)
def _longest_first(members: tuple[str, ...]) -> tuple[str, ...]:
    # once per formula, not for every run of items the text has
    return tuple(sorted(members, key=len, reverse=True))


@lru_cache(maxsize=1)
def _level_words() -> tuple[str, ...]:
    from ..domain import load

    return tuple(x["word"] for x in load("orgs")["levels"])


@lru_cache(maxsize=256)
def _local_forms(members: tuple[str, ...], places: tuple[str, ...]) -> dict[str, str]:
    """Each local form of a national member -> that member (依法治县 -> 依法治国, 法治青山 -> 法治国家),
    built once per formula and report place instead of for every item of every run."""
    out: dict[str, str] = {}
    for m in members:
        if "国家" in m:
            for p in places:
                out.setdefault(m.replace("国家", p), m)
        if "国" in m:
            for w in (*_level_words(), *places):
                out.setdefault(m.replace("国", w), m)
    return out


def _items(raw: list[str], f, tail: str, places: tuple[str, ...] = ()) -> tuple[list[str], int, int, bool]:
    """Items of a run read against formula `f`: (items, chars cut at the head, chars cut at the tail,
    whether the formula's own tail follows the last item), local forms of national members read as
    those members (see the module's docstring)."""
    items = [t.strip(_QUOTES) for t in raw]
    head_cut = tail_cut = 0
    tailed = False
    first, last = items[0], items[-1]
    m0 = next((m for m in _longest_first(f.members) if first.endswith(m)), None)
    if m0 is None and len(first) > len(f.members[0]):
        m0 = first[-len(f.members[0]):]
    if m0 is not None:
        head_cut = len(first) - len(m0)
        items[0] = m0
    if tail and last.endswith(tail) and len(last) > len(tail):
        last = last[: -len(tail)]
        tailed = True
    m1 = next((m for m in _longest_first(f.members) if last.startswith(m)), None)
    if m1 is None and len(last) > len(f.members[-1]):
        m1 = last[: len(f.members[-1])]
    m1 = m1 if m1 is not None else last
    tail_cut = len(items[-1]) - len(m1)
    items[-1] = m1
    local = _local_forms(f.members, places)
    return ([local.get(t, t) for t in items] if local else items), head_cut, tail_cut, tailed


def _judge(items: list[str], f, tailed: bool = False) -> tuple[str, str] | None:
    """`tailed`: the formula's own closing words follow the run (一体建设, 共同推进): then a run of a
    three-member formula one member short is that formula too (法治国家、法治社会一体建设); without
    them two members are no evidence of a three-member formula."""
    mem = list(f.members)
    if items == mem:
        return None
    common = [t for t in items if t in mem]
    if len(items) == len(mem) and sorted(items) == sorted(mem):
        return "次序", f"次序应为“{'、'.join(mem)}”"
    if len(items) == len(mem) - 1 and (len(mem) >= 4 or tailed) and len(set(common)) == len(items):
        miss = [m for m in mem if m not in items]
        return "缺项", f"缺少“{'、'.join(miss)}”"
    if len(items) == len(mem) and len(set(common)) == len(mem) - 1:
        (odd,) = [t for t in items if t not in mem]
        (want,) = [m for m in mem if m not in items]
        if _similar(odd, want):
            return "替换", f"“{odd}”应为“{want}”"
    return None


@lru_cache(maxsize=1)
def _by_member() -> dict[str, tuple]:
    """member -> the formulas (in _formulas' order) that have it."""
    out: dict[str, list] = {}
    for f, tail in _formulas():
        for mem in f.members:
            out.setdefault(mem, []).append((f, tail))
    return {k: tuple(v) for k, v in out.items()}


@lru_cache(maxsize=1)
def _member_heads() -> frozenset[str]:
    """The first two characters of every member (a conjunction is split only before one of them)."""
    return frozenset(m[:2] for m in _by_member() if len(m) >= 2)


@lru_cache(maxsize=None)
def _for_items(n: int) -> tuple:
    """The formulas a run of `n` items can match or break (in _formulas' order): every verdict of
    _judge, and an exact match, needs as many items as members or one fewer."""
    return tuple((f, tail) for f, tail in _formulas() if len(f.members) in (n, n + 1))


def member_breaks(text: str, places: tuple[str, ...] = ()) -> list[Break]:
    """Broken enumerated formulas in `text`; `places`: the report's own place names (青山县, 青山)."""
    if not _formulas():
        return []
    out = []
    for m in _RUN.finditer(text):
        raw = m.group(0).split("、")
        readings = [raw]
        j = _JOINED.search(raw[-1])
        if j and j.start() >= 2 and raw[-1][j.end():j.end() + 2] in _member_heads():  # 制度自信和文化自信: split there first
            readings.insert(0, [*raw[:-1], raw[-1][:j.start()], raw[-1][j.end():]])
        exact, best = False, None
        for reading in readings:
            for f, tail in _for_items(len(reading)):
                items, hcut, tcut, tailed = _items(reading, f, tail, places)
                if items == list(f.members):
                    exact = True
                    break
                res = _judge(items, f, tailed)
                if res and best is None:
                    s, e = m.start() + hcut, m.end() - tcut
                    best = Break(start=s, end=e, found=text[s:e], kind=res[0], detail=res[1], form=f.form,
                                 source=f.source)
            if exact or best is not None:
                break  # the first reading that decides (the split one, where a conjunction joins the last item)
        if best is not None and not exact:
            out.append(best)
    for m in _COMMA_RUN.finditer(text):
        parts = m.group(0).split(",")
        raw = [t.strip(_QUOTES) for t in parts]
        by_member = _by_member()
        hits = [f for t in raw[1:] for f, _tail in by_member.get(t, ())]
        # a formula two of whose members follow the first item (a national member said locally is
        # looked up through the report's place, below)
        candidates = [f for f, _tail in _formulas() if hits.count(f) >= 2 or places and hits.count(f) >= 1]
        for f in candidates:
            local = _local_forms(f.members, places)
            first = next((x for x in _longest_first(f.members) if raw[0].endswith(x)), None)
            if first is None:
                continue
            items = [first]
            for t in raw[1:]:  # the leading items that are members; the clauses after them are not
                t = local.get(t, t)
                if t not in f.members or t in items:
                    break
                items.append(t)
            if len(items) < 3 or len(items) not in (len(f.members), len(f.members) - 1):
                continue
            res = _judge(items, f)
            if res and res[0] in ("缺项", "次序"):
                s = m.start() + parts[0].rfind(first)
                e = m.start() + sum(len(x) + 1 for x in parts[:len(items)]) - 1
                out.append(Break(start=s, end=e, found=text[s:e], kind=res[0], detail=res[1], form=f.form,
                                 source=f.source))
                break
    out.sort(key=lambda b: b.start)
    return out
