"""The analysed report: what every step adds, and how positions map back to the file.

The one typed model of the package. Each step of the pipeline (read → normalise → segment → extract →
check) fills its fields; `api` re-exports these types rather than defining its own. This module sits
above segment/ and extract/ (whose result types it holds) and below check/.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from .extract.claims import Claim
from .normalise import Normalised
from .read import Source
from .segment.chrome import Chrome
from .segment.headings import Heading
from .segment.metadata import Meta
from .segment.sections import Section


@dataclass
class DataRow:
    """One figure of the bureau's own data (`--data`, datasets.py reads it)."""

    metric: str | None  # catalogue id; None for a label in the bureau's own words
    label: str
    value: float
    unit: str | None
    org: str | None
    year: int | None
    where: str  # file and row, for messages
    pos: str = ""  # the row (and column) alone: 第5行, 第2行“行政检查(次)”列
    how: str = ""  # how the label got its metric: 目录 | 别名 | ""
    parent: str | None = None  # label of the row this one is a part of (其中)


class Severity(StrEnum):
    """How serious a finding is; compares equal to its string ("error" …), as JSON writes it."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"info": 0, "warning": 1, "error": 2}[self.value]


@dataclass
class Finding:
    """What a reviewer must look at: rule, severity, Chinese message and the words it is about."""

    rule: str  # the rule's unique kebab-case name (domain/data/rules.yaml)
    code: str  # RNxxx
    severity: Severity  # error | warning | info (a plain string is converted)
    message: str  # Chinese, one sentence
    nstart: int | None = None  # normalised span (None: the whole document)
    nend: int | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    ostart: int | None = None  # original-text span, for findings made on the original text
    oend: int | None = None
    group: str = ""  # the finding family of CHECK_JSON.md (rules.yaml `group`); empty: same as `rule`

    def __post_init__(self) -> None:
        self.severity = Severity(self.severity)


@dataclass(kw_only=True)
class Check:
    """A relation the checker evaluated. Each kind is a `@dataclass(kw_only=True)` subclass with typed
    fields (check/relations/: SumCheck, SubsetCheck, RatioCheck, ChangeCheck …); `json_fields` gives the
    keys CHECK_JSON.md defines for it and `claim_refs` the claims it is about. There is no dict view:
    readers use the typed fields or these two methods."""

    kind: str
    verdict: str  # consistent | rounding | inconsistent
    nstart: int | None = None
    nend: int | None = None

    def json_fields(self) -> dict[str, Any]:
        """The JSON keys of this kind beyond kind/verdict/positions (values, never claim objects)."""
        return {}

    def claim_refs(self) -> dict[str, Any]:
        """The claims the relation is about (`*_claim` / `*_claims`), for readers that need spans."""
        return {}


@dataclass
class Report:
    """The analysis of one document, as every output and the API read it."""

    source: Source
    norm: Normalised
    chrome: Chrome  # page chrome found by segment.chrome
    meta: Meta  # year, org, type … decided by segment.metadata
    headings: list[Heading] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    tables: dict[int, tuple] = field(default_factory=dict)  # line -> (table, row, cells, header units)
    table_lines: list[list[int]] = field(default_factory=list)  # each table's lines
    checks: list[Check] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    data_rows: list[DataRow] | None = None  # structured data rows given with --data
    data_scope: Any = None  # check.datacheck.DataScope: what --data holds when none of it is for this report
    show_unmatched: bool = False

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
