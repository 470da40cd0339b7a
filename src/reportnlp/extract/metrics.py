"""Metric tagging: which catalogue quantity a claim reports, from the words before it.

The catalogue is data (corpora/metrics.yaml): ids, Chinese names and synonyms, units.
"""
from __future__ import annotations

import re
from functools import lru_cache

from ..numbers import units
from ..resources import corpora_dir, load_yaml


@lru_cache(maxsize=1)
def catalogue() -> list[dict]:
    return load_yaml(corpora_dir() / "metrics.yaml")


@lru_cache(maxsize=1)
def _names() -> list[tuple[str, str]]:
    pairs = []
    for m in catalogue():
        for n in [m["label"], *m.get("names", [])]:
            pairs.append((str(n), m["id"]))
    pairs.sort(key=lambda p: len(p[0]), reverse=True)
    return pairs


def resolve_metric(label: str) -> str | None:
    """A catalogue id from an id or a Chinese name: exact, after dropping 次数/人数/数量…, or a
    catalogue name covering most of the label. Anything looser is left unresolved."""
    label = re.sub(r"\s+", "", str(label))
    ids = {m["id"] for m in catalogue()}
    if label in ids:
        return label
    stem = re.sub(r"(?:总?次数|人数|数量|件数|个数|总数|金额|总额|数|（[^）]*）|\([^)]*\))$", "", label) or label
    for cand in (label, stem):
        for name, mid in _names():
            if cand == name:
                return mid
    best, cover = None, 0.0
    for name, mid in _names():
        if len(name) >= 2 and name in stem:
            c = len(name) / len(stem)
            if c > cover:
                best, cover = mid, c
    return best if cover >= 0.6 else None


def units_of(metric_id: str) -> list[str]:
    for m in catalogue():
        if m["id"] == metric_id:
            return m.get("units", [])
    return []


def metric_for_context(context: str, unit: str | None) -> str | None:
    """The metric whose name stands closest before the number (within its clause), unit-compatible."""
    clause = re.split(r"[。;；!?]", context)[-1][-24:]
    best = None
    best_pos = -1
    for name, mid in _names():
        pos = clause.rfind(name)
        if pos < 0:
            continue
        end = pos + len(name)
        if clause[end:end + 1] == "类":  # 行政处罚类（复议）案件: a category of other cases, not the metric
            continue
        units = units_of(mid)
        base_unit = (unit or "").replace("万", "") or None
        if unit and units and unit not in units and base_unit not in units:
            continue
        if end > best_pos or (end == best_pos and best and len(name) > len(best[0])):
            best, best_pos = (name, mid), end
    return best[1] if best else None


def metric_after(after: str, unit: str | None) -> str | None:
    """`48所中小学`, `67家校外培训机构`: the counted noun follows a measure word."""
    if unit not in units().noun_units:
        return None
    for name, mid in _names():
        if after.startswith(name):
            allowed = units_of(mid)
            if not allowed or unit in allowed:
                return mid
    return None


def tag_metrics(claims, text: str) -> None:
    for c in claims:
        if c.unit == "%" or c.in_table:
            continue
        c.metric = metric_after(text[c.nend:c.nend + 12], c.unit) or \
            metric_for_context(text[max(0, c.nstart - 30):c.nstart], c.unit)
