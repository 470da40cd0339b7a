"""Typed view of the dated knowledge base `domain/data/calendar/*.yaml`.

Plans (五年规划, 普法, 纲要), congresses and plenums, campaigns and policy formulas, renamed terms,
bodies (by level), fixed formulas. Each record keeps its `source`. The checker (check/lexicon.py,
check/yeargate.py) and the drafter (draft/formulations.py) read dates only from here.

Conventions (stated once, used by every reader):
- a report on year Y is written in January–February of Y+1, so an event of January of Y+1 may be
  cited in it (`cite_from`);
- report levels are province, city, county; a district or township follows the county.
"""
from __future__ import annotations

from functools import lru_cache
from typing import NamedTuple

from . import load

LEVELS = ("province", "city", "county")
_DIGITS = "零一二三四五六七八九"


def cn_number(n: int) -> str:
    """Chinese ordinal as congresses are numbered: 16 -> 十六, 20 -> 二十, 21 -> 二十一."""
    if n < 10:
        return _DIGITS[n]
    tens, ones = divmod(n, 10)
    head = "" if tens == 1 else _DIGITS[tens]
    return f"{head}十{_DIGITS[ones] if ones else ''}"


def cn_session(n: int) -> str:
    return _DIGITS[n] if n < 10 else cn_number(n)


def cite_from(date: str) -> int:
    """First report year that may cite an event of `date` (YYYY-MM-DD): a January event counts for
    the report on the year before, which is written after it."""
    y, m = int(date[:4]), int(date[5:7])
    return y - 1 if m == 1 else y


class Congress(NamedTuple):
    number: int
    date: str
    source: str

    @property
    def ordinal(self) -> str:
        return cn_number(self.number)

    @property
    def year(self) -> int:
        return int(self.date[:4])

    @property
    def name(self) -> str:
        return f"党的{self.ordinal}大"


class Plenum(NamedTuple):
    congress: int
    session: int
    date: str
    source: str

    @property
    def name(self) -> str:
        return f"{cn_number(self.congress)}届{cn_session(self.session)}中全会"

    @property
    def year(self) -> int:
        return int(self.date[:4])


@lru_cache(maxsize=1)
def congresses() -> tuple[Congress, ...]:
    return tuple(sorted((Congress(**c) for c in load("calendar/congresses")["congresses"]), key=lambda c: c.number))


@lru_cache(maxsize=1)
def plenums() -> tuple[Plenum, ...]:
    return tuple(sorted((Plenum(**p) for p in load("calendar/congresses")["plenums"]),
                        key=lambda p: (p.congress, p.session)))


def congress_context(key: str, number: int) -> str | None:
    """The file's `history` / `forward` / `ahead` regex with {this} / {next} filled for congress `number`
    (None when the file has no such key)."""
    rx = load("calendar/congresses").get(key)
    if rx is None:
        return None
    return rx.replace("{this}", cn_number(number)).replace("{next}", cn_number(number + 1))


def congress_interval() -> tuple[int, str]:
    """Years between two congresses and the source that says so (congresses.yaml `next_congress`)."""
    d = load("calendar/congresses")["next_congress"]
    return int(d["interval"]), str(d["source"])


def next_congress(number: int) -> Congress | None:
    return next((c for c in congresses() if c.number == number + 1), None)


def current_congress(year: int) -> Congress | None:
    """The latest congress held in or before `year` (the one a report on `year` names)."""
    held = [c for c in congresses() if c.year <= year]
    return held[-1] if held else None


def plans() -> list[dict]:
    data = load("calendar/plans")
    return [{**data.get("defaults", {}).get(p["kind"], {}), **p} for p in data["plans"]]


def plan_positions() -> dict[str, str]:
    """Regexes of the words naming a plan's first / last year (`first`, `last`) and their `source`."""
    return dict(load("calendar/plans")["positions"])


def plan(pid: str) -> dict:
    for p in plans():
        if p["id"] == pid:
            return p
    raise KeyError(pid)


def five_year_start(short: str) -> int | None:
    """The first year of a five-year plan by its short name (十四五 -> 2021), None when unknown."""
    for p in plans():
        if p["kind"] == "five_year" and any(n.strip("“”\"") == short for n in p.get("names", [])):
            return int(p["period"][0])
    return None


def current_plan(kind: str, year: int, stem: str | None = None) -> dict | None:
    """The plan of `kind` (and `stem`) whose period holds `year`, else the latest begun by then."""
    cands = [p for p in plans() if p["kind"] == kind and (stem is None or p.get("stem") == stem)]
    inside = [p for p in cands if "period" in p and p["period"][0] <= year <= p["period"][1]]
    if inside:
        return inside[-1]
    begun = [p for p in cands if p["since"] <= year and (p.get("until") is None or year <= p["until"])]
    return begun[-1] if begun else None


def campaigns() -> list[dict]:
    data = load("calendar/campaigns")
    return [{**data.get("defaults", {}).get(c["kind"], {}), **c} for c in data["campaigns"]]


class Anniversary(NamedTuple):
    """An event whose round anniversaries reports name (calendar/anniversaries.yaml)."""

    id: str
    names: tuple[str, ...]
    date: str  # the founding day, YYYY-MM-DD
    source: str

    def year_of(self, n: int) -> int:
        """The year of the n-th anniversary."""
        return int(self.date[:4]) + n


def anniversaries() -> tuple[Anniversary, ...]:
    return tuple(Anniversary(a["id"], tuple(a["names"]), a["date"], a["source"])
                 for a in load("calendar/anniversaries")["anniversaries"])


def anniversary_words(key: str) -> str:
    """The file's `ahead` / `forward` / `history` regex."""
    return str(load("calendar/anniversaries")[key])


def terms() -> list[dict]:
    return list(load("calendar/terms")["terms"])


def bodies() -> list[dict]:
    data = load("calendar/bodies")
    return [{**data.get("defaults", {}), **b} for b in data["bodies"]]


def formulas() -> list[dict]:
    return list(load("calendar/formulas")["formulas"])


def formula(form: str) -> dict:
    for f in formulas():
        if f["form"] == form:
            return f
    raise KeyError(form)


def level_of(org: str | None) -> str | None:
    """province | city | county for an organisation name (区、旗、乡镇 count as county), else None."""
    from .orgs import level_of as _level

    lv = _level(org)
    if lv is None and org:  # a title or a name with an unknown ending: its first place name
        from .orgs import first_place_level

        lv = first_place_level(org)
    return "county" if lv == "township" else lv
