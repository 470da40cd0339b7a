"""`ChangeCheck`: one stated figure of a change and what the other figures give for it."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ....model import Check
from ....numbers import scale

# ---------------------------------------------------------------- the typed relation

@dataclass(kw_only=True)
class ChangeCheck(Check):
    """One stated figure of a change and what the other figures give for it.

    `stated` names what is checked: `delta` (增加37件), `rate` (增长9%), `multiple` (增长1.5倍
    → 2.5), `points` (提高1.2个百分点). Values are in base units (元, 件, 人次); rates and points
    in percent. `data` holds the JSON view (CHECK_JSON.md keys), filled from the fields."""

    kind: str = "change"
    verdict: str = "consistent"
    stated: str
    stated_value: float
    stated_text: str
    computed: float | None
    previous: float | None
    current: float | None
    delta: float | None = None
    unit: str | None = None
    basis: str | None = None  # year | period | explicit (由A到B) | None
    previous_source: str = "text"  # text | previous_report | data
    previous_where: str | None = None
    reason: str | None = None  # points_as_percent | direction | multiple_convention
    claims: dict = field(default_factory=dict)  # role -> Claim (not in JSON)

    def json_fields(self) -> dict[str, Any]:
        # JSON keeps figures as written (2.6 with unit 万人, CHECK_JSON.md); fields are in base units
        k = 1.0 if self.unit in (None, "%", "个百分点") else scale(self.unit)

        def w(v: float | None) -> float | None:
            return None if v is None else round(v / k, 6)

        computed = self.computed if self.stated in ("rate", "points", "multiple") else w(self.computed)
        d: dict[str, Any] = {
            "stated": self.stated, "stated_value": self.stated_value if self.stated != "delta" else w(self.stated_value),
            "stated_text": self.stated_text, "computed": None if computed is None else round(computed, 6),
            "previous": w(self.previous), "current": w(self.current), "delta": w(self.delta), "unit": self.unit,
            "basis": self.basis, "previous_source": self.previous_source}
        if self.previous_where:
            d["previous_where"] = self.previous_where
        if self.reason:
            d["reason"] = self.reason
        return d

    def claim_refs(self) -> dict[str, Any]:
        return {f"{role}_claim": c for role, c in self.claims.items()}
