"""The rule registry: every check of the toolkit is one `Rule` with a stable code.

A rule has `code` (RNxxx), `name` (kebab-case, as in CHECK_JSON.md), `severity`, a Chinese
one-line `description`, and a docstring with 问题示例 / 推荐写法. Rules register themselves
with `@register`; `run_rules` runs the selected ones over an analysed report.
"""
from __future__ import annotations

import importlib
import inspect
import pkgutil
import re
import threading
from dataclasses import dataclass, field

from ..model import Finding

SEVERITIES = ("error", "warning", "info")
_REGISTRY: dict[str, "Rule"] = {}


class Rule:
    code: str = ""
    name: str = ""
    severity: str = "warning"
    description: str = ""
    needs: tuple[str, ...] = ()  # what the rule reads from the report (documentation)
    generic: bool = False  # a catch-all: yields to a specific rule flagging the same words

    def check(self, rep) -> list[Finding]:  # pragma: no cover - interface
        raise NotImplementedError

    def finding(self, message: str, nstart=None, nend=None, severity=None, **extra) -> Finding:
        return Finding(rule=self.name, code=self.code, severity=severity or self.severity, message=message,
                       nstart=nstart, nend=nend, extra=extra)


def register(cls):
    inst = cls()
    if inst.code in _REGISTRY:
        raise ValueError(f"duplicate rule code {inst.code}")
    _REGISTRY[inst.code] = inst
    return cls


_LOADED = False
_LOAD_LOCK = threading.Lock()


def all_rules() -> dict[str, Rule]:
    global _LOADED
    if not _LOADED:
        # threads of a server may ask at once: none sees a half-loaded rule set
        with _LOAD_LOCK:
            if not _LOADED:
                from . import rules as pkg

                for mod in pkgutil.iter_modules(pkg.__path__):
                    importlib.import_module(f"{pkg.__name__}.{mod.name}")
                _LOADED = True
    return dict(sorted(_REGISTRY.items()))


@dataclass
class Selection:
    select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)

    def wants(self, rule: Rule) -> bool:
        def hit(pats):
            return any(rule.code.upper().startswith(p.upper()) or rule.name.startswith(p) for p in pats)

        if self.select and not hit(self.select):
            return False
        return not hit(self.ignore)


def run_rules(rep, config=None) -> list[Finding]:
    sel = Selection(list(getattr(config, "select", None) or []), list(getattr(config, "ignore", None) or []))
    out: list[Finding] = []
    for rule in all_rules().values():
        if not sel.wants(rule):
            continue
        out.extend(rule.check(rep))
    out = _dedupe(out)
    out.sort(key=lambda f: (f.nstart if f.nstart is not None else (-1 if f.ostart is None else 0), f.code))
    return out


def _dedupe(findings: list[Finding]) -> list[Finding]:
    """One finding per place and kind: when two units flag overlapping words under the same
    rule name (a substitution and a near-miss of the same slogan), the narrower one stays."""
    spanned = sorted((f for f in findings if f.nstart is not None),
                     key=lambda f: (f.nend - f.nstart, f.nstart))
    generic = {r.code for r in _REGISTRY.values() if r.generic}
    specific = [f for f in spanned if f.code not in generic]
    kept: list[Finding] = []
    for f in spanned:
        if any(k.rule == f.rule and k.nstart < f.nend and f.nstart < k.nend for k in kept):
            continue
        if f.code in generic and any(k.nstart < f.nend and f.nstart < k.nend for k in specific):
            continue
        kept.append(f)
    return [f for f in findings if f.nstart is None] + kept


def find_rule(key: str) -> Rule | None:
    """A rule by its code (`RN201`, any case) or its name (`sum-mismatch`)."""
    rules = all_rules()
    if key.upper() in rules:
        return rules[key.upper()]
    return next((r for r in rules.values() if r.name == key.strip().lower()), None)


def unknown_patterns(patterns: list[str]) -> list[str]:
    """The `--select`/`--ignore` patterns that match no rule (by code prefix or name prefix)."""
    rules = all_rules().values()
    return [p for p in patterns
            if not any(r.code.upper().startswith(p.upper()) or r.name.startswith(p.lower()) for r in rules)]


def explain(rule: Rule) -> str:
    """Plain text (no markup) for `reportnlp explain`: code, name, level, description, docstring."""
    doc = inspect.cleandoc(rule.__class__.__doc__ or "")
    # the docstring's summary line says what the description says: print the description once
    doc = doc.partition("\n")[2].strip()
    return f"{rule.code} {rule.name} [{rule.severity}]\n{rule.description}\n\n{doc}".rstrip() + "\n"
