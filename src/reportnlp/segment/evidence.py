"""Why a structure decision was taken: the line, the cue and the score behind it.

Every document-level decision (title, type, org, completeness) and every statutory part carries
one `Evidence`, shown in the JSON (`evidence`, `structure_evidence`) and by
`reportnlp check --explain-structure`.
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(kw_only=True)
class Evidence:
    """Why something was decided: the decision, where it was read and the words that decided."""

    decision: str | None  # what was decided (a part id, a doc type, an org name, "complete" …)
    source: str  # where it was read: title | heading | heading-body | paragraph | classifier | chrome | body | default
    line: int | None = None  # 1-based line of the text the cue was found in
    cue: str | None = None  # the words that decided it
    score: float | None = None  # how strongly (cue count or classifier probability)
    cues: list[str] = field(default_factory=list)  # further supporting cues

    def as_dict(self) -> dict:
        d: dict[str, object] = {"decision": self.decision, "source": self.source, "line": self.line, "cue": self.cue,
             "score": self.score}
        if self.cues:
            d["cues"] = list(self.cues)
        return d

    def explain(self) -> str:
        bits = [f"{self.decision}" if self.decision is not None else "（无）", f"来源={self.source}"]
        if self.line is not None:
            bits.append(f"行{self.line}")
        if self.cue:
            bits.append(f"线索“{self.cue}”")
        if self.score is not None:
            bits.append(f"得分{self.score:g}")
        if self.cues:
            bits.append("其他线索：" + "、".join(self.cues))
        return "  ".join(bits)
