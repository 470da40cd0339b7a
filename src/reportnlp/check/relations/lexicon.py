"""The list wording the arithmetic checks read (domain/data/relations.yaml), loaded once.

Units, their classes and conversion are `reportnlp.numbers` (domain/data/units.yaml)."""
from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

import reportnlp.recache as recache
from ...domain import load
from ...numbers import decimals as _decimals_of_text


class Lexicon(NamedTuple):
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
    of_figure: re.Pattern
    complements: tuple
    named_number: re.Pattern
    clause_openers: re.Pattern
    rest_item: re.Pattern
    attribute_part: re.Pattern  # a part's words that describe what it has or does (…的)
    many_values: re.Pattern  # … with a predicate a thing holds several of (存在…问题的): such parts overlap
    kind_part: re.Pattern  # … that says what kind a thing is (属于…的): beside an outcome, another dimension
    partition_start: re.Pattern  # words that mark a partition where a part's words begin (未整改, 非学科类)
    partition_words: re.Pattern  # partition_hints and those words anywhere (a feature of the structure scorer)
    outcome_state: re.Pattern  # … unless they are a state of one outcome (已/正在/未…)
    outcome: re.Pattern  # an outcome a count is kept under (办结, 通过 …)
    state_of_outcome: re.Pattern  # a state and its outcome in a part's words (已整改, 正在推进整改): groups state, outcome
    outcome_done: re.Pattern  # an outcome said done without a state word (整改完成)
    clause_state: re.Pattern  # a state that opens a clause about a whole list (；已入库…): group 0 the state word
    outcome_rate: re.Pattern  # a rate named by the outcome its numerator is counted under (办结率)
    rate_change: re.Pattern  # words before a percentage that make it a change (增长12%)
    share: re.Pattern  # 占…的 before a percentage, naming its whole in group `whole`
    whole_words: re.Pattern  # the words of that name that say "the whole" (全县, 总数)
    found: re.Pattern  # words before a count of problems found (发现问题41个)
    fixed: re.Pattern  # words before the count rectified (已整改到位39个)
    fixed_earlier: re.Pattern  # words after it that add earlier years' problems (（含历年遗留…）)


def _need(d: dict, key: str, kind: type, where: str):
    if not isinstance(d, dict) or key not in d or not isinstance(d[key], kind):
        raise ValueError(f"relations.yaml: {where} needs `{key}` ({kind.__name__})")
    return d[key]


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    raw = load("relations")  # schema-checked: domain/schemas/relations.json
    cues = _need(raw, "cues", dict, "top level")

    def pat(section: dict, key: str, where: str) -> re.Pattern:
        _need(section, "source", str, where)
        return recache.compile(_need(section, key, str, where))

    inc = _need(raw, "incomplete", dict, "top level")
    comp = _need(raw, "complements", dict, "top level")
    _need(comp, "source", str, "complements")
    pairs = _need(comp, "pairs", list, "complements")
    if not all(isinstance(p, list) and len(p) == 2 for p in pairs):
        raise ValueError("relations.yaml: complements.pairs holds pairs of words")
    return Lexicon(
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
        of_figure=pat(_need(cues, "of_figure", dict, "cues"), "pattern", "cues.of_figure"),
        complements=tuple(tuple(p) for p in pairs),
        named_number=pat(_need(raw, "named_number", dict, "top level"), "after", "named_number"),
        clause_openers=pat(_need(raw, "clause_openers", dict, "top level"), "pattern", "clause_openers"),
        rest_item=pat(_need(raw, "rest_item", dict, "top level"), "pattern", "rest_item"),
        attribute_part=pat(_need(raw, "attribute_parts", dict, "top level"), "pattern", "attribute_parts"),
        many_values=pat(_need(raw, "attribute_parts", dict, "top level"), "many_values", "attribute_parts"),
        kind_part=pat(_need(raw, "attribute_parts", dict, "top level"), "kind", "attribute_parts"),
        partition_start=recache.compile("^(?:其中)?(?:" + _need(raw["partition_hints"], "label_start", str, "partition_hints") + ")"),
        partition_words=recache.compile(_need(raw["partition_hints"], "pattern", str, "partition_hints") + "|"
                                        + _need(raw["partition_hints"], "label_start", str, "partition_hints")),
        outcome_state=recache.compile("^(?:其中)?(?:" + _need(raw["attribute_parts"], "states", str, "attribute_parts") + ")"),
        outcome_done=pat(_need(raw, "attribute_parts", dict, "top level"), "done", "attribute_parts"),
        clause_state=recache.compile("(?:" + _need(raw["attribute_parts"], "clause_states", str, "attribute_parts")
                                     + r")(?=[\u4e00-\u9fff])"),
        state_of_outcome=recache.compile("(?P<state>" + _need(raw["attribute_parts"], "states", str, "attribute_parts")
                                         + r")[\u4e00-\u9fff]{0,3}?(?P<outcome>"
                                         + _need(raw["rates"], "outcomes", str, "rates") + ")"),
        outcome=pat(_need(raw, "rates", dict, "top level"), "outcomes", "rates"),
        outcome_rate=recache.compile("(" + _need(_need(raw, "rates", dict, "top level"), "outcomes", str, "rates") + ")率"),
        rate_change=pat(_need(raw, "rates", dict, "top level"), "change", "rates"),
        share=pat(_need(raw, "share", dict, "top level"), "pattern", "share"),
        whole_words=pat(_need(raw, "share", dict, "top level"), "whole_words", "share"),
        found=pat(_need(raw, "rectified", dict, "top level"), "found", "rectified"),
        fixed=pat(_need(raw, "rectified", dict, "top level"), "fixed", "rectified"),
        fixed_earlier=pat(_need(raw, "rectified", dict, "top level"), "earlier", "rectified"),
    )


def decimals(c) -> int:
    """Decimals of a claim as written."""
    return _decimals_of_text(c.text)
