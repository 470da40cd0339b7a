"""Typed view of `domain/data/parts.yaml`: the statutory parts, their order and their names."""
from __future__ import annotations

from functools import lru_cache
from typing import NamedTuple

from . import load


class Part(NamedTuple):
    id: str
    required: bool
    title: str  # the rule's wording (上一年度…)
    short: str  # the label shown to users
    missing_name: str  # how a missing part is named (RN101)
    draft_title: str  # heading a draft writes, with {year} / {next}

    def heading(self, year: int | None) -> str:
        """The heading for a report on `year` (上一年度 replaced by the year when it is known)."""
        if year is None:
            return self.title
        return self.draft_title.format(year=year, next=year + 1)


@lru_cache(maxsize=1)
def all_parts() -> tuple[Part, ...]:
    return tuple(Part(**p) for p in load("parts")["parts"])


def part(pid: str) -> Part:
    for p in all_parts():
        if p.id == pid:
            return p
    raise KeyError(pid)


def ids() -> tuple[str, ...]:
    return tuple(p.id for p in all_parts())


def required_ids() -> tuple[str, ...]:
    return tuple(p.id for p in all_parts() if p.required)


def short_names() -> dict[str, str]:
    return {p.id: p.short for p in all_parts()}
