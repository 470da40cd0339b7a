"""The units and list wording the arithmetic checks read (src/reportnlp/data/relations.yaml), loaded once."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import yaml

from ...resources import package_data


@dataclass(frozen=True)
class Lexicon:
    unit_class: dict[str, str]  # unit -> class id
    scale: dict[str, float]  # unit -> factor to the class's base unit
    list_cue: re.Pattern
    dimension_cue: re.Pattern
    total_marker: re.Pattern
    nested_total: re.Pattern
    restate: re.Pattern
    change: re.Pattern
    incomplete_after: re.Pattern
    incomplete_in: re.Pattern
    subset_words: re.Pattern
    weak_subset_words: re.Pattern
    partition_hints: re.Pattern
    generic_units: frozenset
    of_figure: re.Pattern
    complements: tuple
    named_number: re.Pattern
    clause_openers: re.Pattern
    rest_item: re.Pattern


def _need(d: dict, key: str, kind: type, where: str):
    if not isinstance(d, dict) or key not in d or not isinstance(d[key], kind):
        raise ValueError(f"relations.yaml: {where} needs `{key}` ({kind.__name__})")
    return d[key]


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    with open(package_data("relations.yaml"), encoding="utf-8") as fh:
        raw = yaml.safe_load(fh)
    unit_class: dict[str, str] = {}
    scale: dict[str, float] = {}
    for entry in _need(raw, "unit_classes", list, "top level"):
        cid = _need(entry, "id", str, "unit class")
        _need(entry, "source", str, f"unit class {cid}")
        for unit, factor in _need(entry, "units", dict, f"unit class {cid}").items():
            if unit in unit_class:
                raise ValueError(f"relations.yaml: unit {unit} in two classes")
            unit_class[unit] = cid
            scale[unit] = float(factor)
    cues = _need(raw, "cues", dict, "top level")

    def pat(section: dict, key: str, where: str) -> re.Pattern:
        _need(section, "source", str, where)
        return re.compile(_need(section, key, str, where))

    inc = _need(raw, "incomplete", dict, "top level")
    gen = _need(raw, "generic_units", dict, "top level")
    _need(gen, "source", str, "generic_units")
    comp = _need(raw, "complements", dict, "top level")
    _need(comp, "source", str, "complements")
    pairs = _need(comp, "pairs", list, "complements")
    if not all(isinstance(p, list) and len(p) == 2 for p in pairs):
        raise ValueError("relations.yaml: complements.pairs holds pairs of words")
    return Lexicon(
        unit_class=unit_class, scale=scale,
        list_cue=pat(_need(cues, "list", dict, "cues"), "pattern", "cues.list"),
        dimension_cue=pat(_need(cues, "dimension", dict, "cues"), "pattern", "cues.dimension"),
        total_marker=pat(_need(cues, "total_marker", dict, "cues"), "pattern", "cues.total_marker"),
        nested_total=pat(_need(cues, "nested_total", dict, "cues"), "pattern", "cues.nested_total"),
        restate=pat(_need(cues, "restate", dict, "cues"), "pattern", "cues.restate"),
        change=pat(_need(raw, "change", dict, "top level"), "pattern", "change"),
        incomplete_after=pat(inc, "after_part", "incomplete"),
        incomplete_in=pat(inc, "in_list", "incomplete"),
        subset_words=pat(_need(raw, "subset_words", dict, "top level"), "pattern", "subset_words"),
        weak_subset_words=pat(_need(raw, "weak_subset_words", dict, "top level"), "pattern", "weak_subset_words"),
        partition_hints=pat(_need(raw, "partition_hints", dict, "top level"), "pattern", "partition_hints"),
        generic_units=frozenset(_need(gen, "units", list, "generic_units")),
        of_figure=pat(_need(cues, "of_figure", dict, "cues"), "pattern", "cues.of_figure"),
        complements=tuple(tuple(p) for p in pairs),
        named_number=pat(_need(raw, "named_number", dict, "top level"), "after", "named_number"),
        clause_openers=pat(_need(raw, "clause_openers", dict, "top level"), "pattern", "clause_openers"),
        rest_item=pat(_need(raw, "rest_item", dict, "top level"), "pattern", "rest_item"),
    )


def unit_class(u: str | None) -> str | None:
    """The class a unit adds up within (None: no unit, or a unit nothing is added in)."""
    return None if u is None else lexicon().unit_class.get(u)


def generic(u: str | None) -> bool:
    """A classifier (个) that counts whatever its list counts."""
    return u is not None and u in lexicon().generic_units


def family(u: str | None) -> str:
    if u is None:
        return "none"
    if u == "%":
        return "pct"
    return "money" if unit_class(u) == "money" else "count"


def to_base(value: float, unit: str | None) -> float:
    if unit is None:
        return value
    f = lexicon().scale.get(unit)
    if f is None and unit.startswith("万") and len(unit) > 1:
        f = 1e4
    return value * (f or 1.0)


def same_class(a: str | None, b: str | None) -> bool:
    """Two units that may be added together (an unknown unit only with itself)."""
    if a is None or b is None or a == b:
        return True
    ca, cb = unit_class(a), unit_class(b)
    if ca is not None and cb is not None and "money" not in (ca, cb) and (generic(a) or generic(b)):
        return True
    return ca is not None and ca == cb


def fmt(v: float | None) -> str:
    if v is None:
        return "?"
    return f"{v:.2f}".rstrip("0").rstrip(".") if abs(v - round(v)) > 1e-9 else str(int(round(v)))


def decimals(c) -> int:
    m = re.search(r"\.(\d+)", c.text)
    return len(m.group(1)) if m else 0
