"""Typed view of `domain/data/orgs.yaml` for organisation names: the body a name ends with, the place
before it, the place's level word (县、区、市 …) and its administrative level. The one reading of an
organisation's level for the checks, the draft and the batch (segment/org.py decides *which* name a
document has; these functions only read a name)."""
from __future__ import annotations

import re
from functools import lru_cache

import reportnlp.recache as recache
from . import load


@lru_cache(maxsize=1)
def _vocab() -> tuple[tuple[tuple[str, str], ...], tuple[str, ...], re.Pattern]:
    d = load("orgs")
    levels = tuple(sorted(((x["word"], x["level"]) for x in d["levels"]), key=lambda x: -len(x[0])))
    bodies = tuple(sorted([*d["bodies"], *d["generic_endings"]], key=len, reverse=True))
    words = "|".join(re.escape(w) for w, _l in levels)
    places = recache.compile(r"[\u4e00-\u9fff]{1,6}?(?:" + words + r")")
    return levels, bodies, places


def split(org: str) -> tuple[str, str]:
    """Place and body: 金华市婺城区教育局 -> (金华市婺城区, 教育局); ('', org) when no body word ends it."""
    org = recache.sub(r"\s+", "", org or "")
    levels, bodies, _p = _vocab()
    for b in bodies:
        if org.endswith(b) and len(org) > len(b):
            place, body = org[: -len(b)], b
            if any(place.endswith(w) for w, _l in levels):
                return place, body
            # a body word the list lacks (广东省司法 + 厅): the place ends at its last level word
            cuts = [m.end() for w, _l in levels for m in recache.finditer(re.escape(w) + "(?!场)", place)]
            if cuts:
                k = max(cuts)
                return place[:k], place[k:] + body
            return place, body
    return "", org


def level_word(org: str | None) -> str | None:
    """The level word of the author's own (most local) place: 县 for 青山县教育局, 区 for 金华市婺城区教育局,
    自治县, 旗, 镇 …; None when the name shows no place."""
    place, _body = split(org or "")
    levels, _b, _p = _vocab()
    return next((w for w, _l in levels if place.endswith(w)), None)


def level_of(org: str | None) -> str | None:
    """province | city | county | township of the author's own place, None when the name shows none."""
    w = level_word(org)
    levels, _b, _p = _vocab()
    return dict(levels).get(w) if w else None


def place_of(org: str | None) -> str | None:
    """The most local county-level (or city) place of a name: 青山县教育局 -> 青山县, 金华市婺城区教育局 -> 婺城区."""
    place, _body = split(org or "")
    _l, _b, places = _vocab()
    found = [m.group(0) for m in places.finditer(place)]
    for name in reversed(found):
        lw = level_word(name + "局") or ""
        if dict(_l).get(lw) in ("county", "city"):
            return name
    return None


def first_place_level(text: str) -> str | None:
    """The level of the most local place named in a short text such as a title (青山县教育局2024年度… ->
    county), for a name that `level_of` cannot split."""
    levels, _b, places = _vocab()
    found = [m.group(0) for m in places.finditer(recache.sub(r"(?:市场|城市)", "", text or ""))]
    for name in reversed(found[:3]):
        w = next((w for w, _l in levels if name.endswith(w)), None)
        if w:
            return dict(levels)[w]
    return None
