"""One numeral and unit policy for the whole package.

- Units: which words are units, which may be added together (classes), the factor to a class's base
  unit — all read from `domain/data/units.yaml`, nothing kept here.
- Numerals: Arabic (with thousands separators) and Chinese (cn2an, "smart" mode: 三十二, 1.2万, 两百)
  through `parse_number`, the one reader; a data-sheet cell uses `strict=True`.
- Rounding at the written precision (`decimals`, `round_half_up`) and one formatter (`fmt`), with
  `fmt_amount` for a base value as reports write it.

Sits at the bottom of the layers with `domain`: it imports nothing from reportnlp but the domain root.
"""
from __future__ import annotations

import math
from functools import lru_cache
from typing import NamedTuple

import reportnlp.recache as recache
from .domain import load


class UnitTable(NamedTuple):
    unit_class: dict[str, str]  # unit -> class id
    scale: dict[str, float]  # unit -> factor to its class's base unit
    class_base: dict[str, str]  # class id -> base unit
    units: tuple[str, ...]  # every unit a figure may carry, longest first
    noun_units: frozenset[str]
    generic_units: frozenset[str]  # classifiers (个) that count whatever their list counts
    chinese_numeral_units: tuple[str, ...]
    counted_noun_endings: dict[str, str]  # measure word -> regex the counted noun ends with
    partition_within: dict[str, float]  # class id -> how far parts may fall from their whole in a split


@lru_cache(maxsize=1)
def units() -> UnitTable:
    raw = load("units")
    unit_class: dict[str, str] = {}
    scale: dict[str, float] = {}
    base: dict[str, str] = {}
    for cls in raw["classes"]:
        base[cls["id"]] = cls["base"]
        for u, factor in cls["units"].items():
            if u in unit_class:
                from .domain import DomainDataError

                raise DomainDataError(f"units.yaml：单位“{u}”出现在两个类别中")
            unit_class[u] = cls["id"]
            scale[u] = float(factor)
    every = set(unit_class) | set(raw["other_units"]["units"])
    every.discard("%")
    return UnitTable(unit_class=unit_class, scale=scale, class_base=base,
                     units=tuple(sorted(every, key=lambda u: (-len(u), u))),
                     noun_units=frozenset(raw["noun_units"]["units"]),
                     generic_units=frozenset(raw["generic_units"]["units"]),
                     chinese_numeral_units=tuple(raw["chinese_numeral_units"]["units"]),
                     counted_noun_endings=dict(raw["counted_noun_endings"]["endings"]),
                     partition_within={c["id"]: float(c["partition_within"]) for c in raw["classes"]
                                       if "partition_within" in c})


def unit_class(u: str | None) -> str | None:
    """The class a unit adds up within (None: no unit, or a unit nothing is added in)."""
    return None if u is None else units().unit_class.get(u)


def generic(u: str | None) -> bool:
    """A classifier (个) that counts whatever its list counts."""
    return u is not None and u in units().generic_units


def same_class(a: str | None, b: str | None) -> bool:
    """Two units that may be added together (an unknown unit only with itself; a generic classifier
    such as 个 with any class but money)."""
    if a is None or b is None or a == b:
        return True
    ca, cb = unit_class(a), unit_class(b)
    if ca is not None and cb is not None and "money" not in (ca, cb) and (generic(a) or generic(b)):
        return True
    return ca is not None and ca == cb


def family(u: str | None) -> str:
    """none | pct | money | count: how a figure is compared."""
    if u is None:
        return "none"
    if u == "%":
        return "pct"
    return "money" if unit_class(u) == "money" else "count"


def scale(u: str | None) -> float:
    """The factor from `u` to its base unit (万人次 -> 10000; an unknown 万X -> 10000; else 1)."""
    if u is None:
        return 1.0
    f = units().scale.get(u)
    if f is None and u.startswith("万") and len(u) > 1:
        return 1e4
    if f is None and u.startswith("亿") and len(u) > 1:
        return 1e8
    return f or 1.0


def to_base(value: float, u: str | None) -> float:
    return value * scale(u)


def base_unit(u: str | None) -> str | None:
    """The unit a base value is in: 万元/亿元 -> 元, 万人次 -> 人次, 件 -> 件."""
    if u is None:
        return None
    if unit_class(u) == "money":
        return units().class_base["money"]
    if u[:1] in "万亿" and len(u) > 1:
        return u[1:]
    return u


_CN_NUMERAL = recache.compile(r"^[零〇一二两三四五六七八九十百千万亿点]+$")


def parse_number(s: str, *, strict: bool = False) -> float | None:
    """The value of a written number: `1,134.65`, `32`, `三十二`, `两百`, `1.2万` (None if it is none).

    `strict` (data-sheet cells): only a whole Chinese numeral or an Arabic number, no mixed forms."""
    s = s.strip().replace(",", "")
    if not s:
        return None
    try:
        v = float(s)
    except ValueError:
        pass
    else:
        return v if math.isfinite(v) else None
    if strict and not _CN_NUMERAL.match(s):
        return None
    if s[:1] in "百千万":
        s = "一" + s
    import cn2an  # imported on the first Chinese numeral: its import compiles many patterns

    try:
        return float(cn2an.cn2an(s.replace("两", "二") if strict else s, "strict" if strict else "smart"))
    except (ValueError, KeyError, IndexError, TypeError, OverflowError):
        try:
            return float(cn2an.cn2an(s.replace("两", "二"), "smart")) if not strict else None
        except (ValueError, KeyError, IndexError, TypeError, OverflowError):
            return None


def decimals(text: str) -> int:
    """How many decimals a written figure has (`1134.65万元` -> 2)."""
    m = recache.search(r"\.(\d+)", text)
    return len(m.group(1)) if m else 0


def round_half_up(x: float, dec: int) -> float:
    q = 10 ** dec
    return math.floor(abs(x) * q + 0.5 + 1e-9) / q * (1 if x >= 0 else -1)


def fmt(v: float | None, dec: int | None = None) -> str:
    """A figure as reports write it: integers without decimals, else at most two (or exactly `dec`)."""
    if v is None:
        return "?"
    if dec is not None:
        s = f"{round_half_up(v, dec):.{dec}f}"
        return "0" if s in ("-0", "0") else s
    if abs(v - round(v)) < 1e-9:
        return str(int(round(v)))
    return f"{v:.2f}".rstrip("0").rstrip(".")


def fmt_value(value: float, unit: str | None) -> tuple[str, str]:
    """A figure and its unit for a sentence: 元 of 10,000 or more as 万元 with two decimals,
    万元/亿元 with two decimals, whole numbers without decimals."""
    u = unit or ""
    if unit_class(u) == "money" and u == units().class_base["money"] and abs(value) >= 10000:
        return f"{value / 10000:.2f}", "万元"
    if unit_class(u) == "money" and scale(u) > 1:
        return f"{value:.2f}", u
    if abs(value - round(value)) < 1e-9:
        return str(int(round(value))), u
    return f"{value:g}", u


def fmt_amount(value: float | None, unit: str | None) -> str:
    """A base value (`to_base`) as reports write it, with the unit it is in: money in 万元 with two
    decimals, counts with thousands separators and no decimals."""
    if value is None:
        return ""
    u = base_unit(unit) or ""
    if unit_class(u) == "money":
        return f"{value / 10000:,.2f}万元"
    if abs(value - round(value)) < 1e-9:
        return f"{int(round(value)):,}{u}"
    return f"{value:,.2f}".rstrip("0").rstrip(".") + u
