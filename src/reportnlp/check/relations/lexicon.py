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

    def section(name: str) -> dict:
        """A top-level entry (`cues.<name>` for a cue), which names its source."""
        where = name
        if name.startswith("cues."):
            sec = _need(cues, name[5:], dict, "cues")
        else:
            sec = _need(raw, name, dict, "top level")
        _need(sec, "source", str, where)
        return sec

    def words(name: str, key: str) -> str:
        return _need(section(name), key, str, name)

    def pat(name: str, key: str = "pattern") -> re.Pattern:
        return recache.compile(words(name, key))

    pairs = _need(section("complements"), "pairs", list, "complements")
    if not all(isinstance(p, list) and len(p) == 2 for p in pairs):
        raise ValueError("relations.yaml: complements.pairs holds pairs of words")
    states, outcomes = words("attribute_parts", "states"), words("rates", "outcomes")
    return Lexicon(
        list_cue=pat("cues.list"),
        dimension_cue=pat("cues.dimension"),
        total_marker=pat("cues.total_marker"),
        nested_total=pat("cues.nested_total"),
        restate=pat("cues.restate"),
        of_figure=pat("cues.of_figure"),
        change=pat("change"),
        incomplete_after=pat("incomplete", "after_part"),
        incomplete_in=pat("incomplete", "in_list"),
        subset_words=pat("subset_words"),
        weak_subset_words=pat("weak_subset_words"),
        partition_hints=pat("partition_hints"),
        partition_start=recache.compile(f"^(?:其中)?(?:{words('partition_hints', 'label_start')})"),
        partition_words=recache.compile(f"{words('partition_hints', 'pattern')}|{words('partition_hints', 'label_start')}"),
        complements=tuple(tuple(p) for p in pairs),
        named_number=pat("named_number", "after"),
        clause_openers=pat("clause_openers"),
        rest_item=pat("rest_item"),
        attribute_part=pat("attribute_parts"),
        many_values=pat("attribute_parts", "many_values"),
        kind_part=pat("attribute_parts", "kind"),
        outcome_state=recache.compile(f"^(?:其中)?(?:{states})"),
        outcome_done=pat("attribute_parts", "done"),
        clause_state=recache.compile(f"(?:{words('attribute_parts', 'clause_states')})(?=[\u4e00-\u9fff])"),
        state_of_outcome=recache.compile(f"(?P<state>{states})[\u4e00-\u9fff]{{0,3}}?(?P<outcome>{outcomes})"),
        outcome=recache.compile(outcomes),
        outcome_rate=recache.compile(f"({outcomes})率"),
        rate_change=pat("rates", "change"),
        share=pat("share"),
        whole_words=pat("share", "whole_words"),
        found=pat("rectified", "found"),
        fixed=pat("rectified", "fixed"),
        fixed_earlier=pat("rectified", "earlier"),
    )


def decimals(c) -> int:
    """Decimals of a claim as written."""
    return _decimals_of_text(c.text)
