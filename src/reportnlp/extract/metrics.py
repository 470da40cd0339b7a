"""Metric tagging: which catalogue quantity a claim reports, from the words before it.

The catalogue is data (corpora/metrics.yaml): ids, Chinese names and synonyms, units.
"""
from __future__ import annotations

from functools import lru_cache
from typing import cast

import reportnlp.recache as recache
from ..numbers import units
from ..resources import corpora_dir, load_yaml


@lru_cache(maxsize=1)
def catalogue() -> list[dict]:
    return cast("list[dict]", load_yaml(corpora_dir() / "metrics.yaml"))


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
    label = recache.sub(r"\s+", "", str(label))
    ids = {m["id"] for m in catalogue()}
    if label in ids:
        return label
    stem = recache.sub(r"(?:总?次数|人数|数量|件数|个数|总数|金额|总额|数|（[^）]*）|\([^)]*\))$", "", label) or label
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


# Words between a metric's name and the number that leave the figure that metric's: amounts
# (共/累计/达…), the counted thing itself (事项/申请/案件…), and "of which" links.
_FILLER = recache.compile(r"(?:共计|共|累计|合计|总计|计|达到|达|为|约|近|超过|逾|了|全年|当年|本年|"
                     r"事项|申请|案件|案|决定书|决定|数量|总数|总量|件数|人数|次数|数|金额|总额|"
                     r"其中|均|分别|另|等|、|\s|“|”)")
# words in that gap that name another counted object: 办理人大代表建议5件 is no 行政许可
_OTHER = recache.compile(r"建议|提案|意见|咨询|涉及|覆盖|区县|乡镇|街道|社区")
# a clause that carries on the previous one's subject: ，共聘任67人 / ，其中公安民警41人
_CARRY = recache.compile(r"^(?:其中|共|合计|总计|累计|其余|另有|另|均|分别|连同)")
_BREAK = r"[。;；!?，,：:\n]"


def _own_words(gap: str) -> bool:
    """The text between a metric's name and its number says nothing about another object."""
    if _OTHER.search(gap):
        return False
    return len(_FILLER.sub("", gap)) <= 5


@lru_cache(maxsize=1)
def _names_by_first() -> dict[str, list[tuple[int, str, str]]]:
    """_names() by first character, each with its place in _names() (a name can only be found in
    a clause that has its first character)."""
    out: dict[str, list[tuple[int, str, str]]] = {}
    for i, (name, mid) in enumerate(_names()):
        if name:
            out.setdefault(name[0], []).append((i, name, mid))
    return out


def _names_in(clause: str) -> list[tuple[str, str]]:
    """The (name, id) pairs of _names() whose first character occurs in `clause`, in _names() order."""
    idx = _names_by_first()
    hits = [e for ch in set(clause) for e in idx.get(ch, ())]
    hits.sort()
    return [(name, mid) for _i, name, mid in hits]


def metric_for_context(context: str, unit: str | None) -> str | None:
    """The metric a number reports, from its own words: a metric name in the number's own clause
    (since the last comma) with nothing between them that names another object; a clause that
    carries on the previous one (其中…, 共…) takes the name from there. Otherwise None: the figure
    stays unassigned rather than joining whatever metric the sentence mentioned earlier."""
    sentence = recache.split(r"[。;；!?\n]", context)[-1]
    clauses = recache.split(_BREAK, sentence)
    own = clauses[-1]
    # the clause, or (when it carries on) the clauses back to the one that names the subject
    k = len(clauses) - 1
    scopes = [own]
    while _CARRY.match(clauses[k].strip()) and k > 0:
        k -= 1
        scopes.append(clauses[k])
    best = None
    for depth, clause in enumerate(scopes):
        clause = clause[-24:]
        best_pos = -1
        for name, mid in _names_in(clause):
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
            if depth == 0 and not _own_words(clause[end:]):
                continue
            if end > best_pos or (end == best_pos and best and len(name) > len(best[0])):
                best, best_pos = (name, mid), end
        if best:
            return best[1]
    return None


# `13个区县(市)`: the measure word counts the noun after it, which is no metric
_COUNTS_OTHER = recache.compile(r"^(?:区县|县区|县|区|市|乡镇|镇|乡|街道|村|社区|部门|单位|科室|方面|领域|环节|批次)")


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
        after = text[c.nend:c.nend + 12]
        c.metric = metric_after(after, c.unit)
        if c.metric is None and not (c.unit in units().noun_units | {"个"} and _COUNTS_OTHER.match(after)):
            c.metric = metric_for_context(text[max(0, c.nstart - 60):c.nstart], c.unit)
