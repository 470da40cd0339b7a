"""The analysed report: what every step adds, and how positions map back to the file."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .normalise import Normalised
from .read import Source


@dataclass
class Finding:
    rule: str  # the rule's unique kebab-case name (domain/data/rules.yaml)
    code: str  # RNxxx
    severity: str  # error | warning | info
    message: str  # Chinese, one sentence
    nstart: int | None = None  # normalised span (None: the whole document)
    nend: int | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    ostart: int | None = None  # original-text span, for findings made on the original text
    oend: int | None = None
    group: str = ""  # the finding family of CHECK_JSON.md (rules.yaml `group`); empty: same as `rule`


def _is_ref(key: str) -> bool:
    return key == "claim" or key.endswith("_claim") or key.endswith("_claims")


@dataclass
class Check:
    """A relation the checker evaluated. Each kind is a `@dataclass(kw_only=True)` subclass with
    typed fields (check/relations/: SumCheck, SubsetCheck, RatioCheck …) whose `json_fields` give
    the keys CHECK_JSON.md defines for it. `data` holds the fields of an untyped check; for a typed
    one it is filled once as a dict view (JSON fields and claim refs) for readers that predate them."""

    kind: str
    verdict: str  # consistent | rounding | inconsistent
    nstart: int | None = None
    nend: int | None = None
    data: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not self.data:
            self.data = {**self.json_fields(), **self.claim_refs()}

    def json_fields(self) -> dict[str, Any]:
        """The JSON keys of this kind beyond kind/verdict/positions (values, never claim objects)."""
        return {k: v for k, v in self.data.items() if not _is_ref(k)}

    def claim_refs(self) -> dict[str, Any]:
        """The claims the relation is about (`*_claim` / `*_claims`), for readers that need spans."""
        return {k: v for k, v in self.data.items() if _is_ref(k)}


@dataclass
class Report:
    source: Source
    norm: Normalised
    chrome: Any = None
    meta: Any = None
    headings: list = field(default_factory=list)
    sections: list = field(default_factory=list)
    missing: list = field(default_factory=list)
    claims: list = field(default_factory=list)
    tables: dict = field(default_factory=dict)  # line -> row info
    table_lines: list = field(default_factory=list)
    checks: list[Check] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    data_rows: Any = None  # structured data given with --data
    data_scope: Any = None  # what --data holds when none of it is for this report's org and year

    @property
    def lines(self) -> list[str]:
        return self.norm.text.split("\n")

    def part_at(self, npos: int) -> str | None:
        """The statutory part a normalised offset lies in."""
        cur = None
        for s in self.sections:
            if s.nstart <= npos:
                cur = s.canonical
            else:
                break
        return cur

    def span(self, nstart: int | None, nend: int | None, ostart: int | None = None, oend: int | None = None) -> dict:
        """Positions for output: original offsets, 1-based line, original text."""
        if ostart is not None:
            s, e = ostart, oend if oend is not None else ostart + 1
        elif nstart is None:
            return {"line": None, "start": None, "end": None, "text": None}
        else:
            s, e = self.norm.to_orig(nstart, nend if nend is not None else nstart + 1)
        line = self.source.text.count("\n", 0, s) + 1
        return {"line": line, "start": s, "end": e, "text": self.source.text[s:e]}
