"""The rule registry: every check of the toolkit is one `Rule` with a stable code.

The one code table is `domain/data/rules.yaml` (ruff-style): code → unique name → group (the
finding family of docs/CHECK_JSON.md), severity, lifecycle, summary, problem/advice and examples
that run as tests. A rule module (check/rules/rnXXX.py) declares only its `code` and its `check`;
`@register` takes the rest from the table and refuses a module the table does not know, and
`all_rules` refuses a table row no module implements. `run_rules` runs the selected rules; a rule
that raises yields one `internal-error` finding and the others still run.
"""
from __future__ import annotations

import importlib
import pkgutil
import threading
from dataclasses import dataclass, field
from functools import lru_cache
from types import MappingProxyType
from typing import Any, Mapping, NamedTuple

from ..domain import DomainDataError, load
from ..model import Finding, Severity

SEVERITIES = ("error", "warning", "info")
_REGISTRY: dict[str, "Rule"] = {}


class RuleSpec(NamedTuple):
    """One row of the code table."""

    code: str
    name: str
    group: str
    severity: str
    lifecycle: str
    summary: str
    problem: str
    advice: str
    examples: Mapping[str, Any] = MappingProxyType({})  # an empty default no row can change
    builtin: bool = False  # produced by the registry itself (internal-error), no module


@lru_cache(maxsize=1)
def code_table() -> dict[str, RuleSpec]:
    rows = load("rules")["rules"]
    table = {r["code"]: RuleSpec(**r) for r in rows}
    names = [r["name"] for r in rows]
    dup = {n for n in names if names.count(n) > 1}
    if dup or len(table) != len(rows):
        raise DomainDataError(f"rules.yaml：规则代码或名称重复（{'、'.join(sorted(dup)) or '代码'}）")
    return table


class Rule:
    code: str = ""
    name: str = ""  # the next five come from the code table
    group: str = ""
    severity: str = "warning"
    description: str = ""
    lifecycle: str = "stable"
    needs: tuple[str, ...] = ()  # what the rule reads from the report (documentation)
    generic: bool = False  # a catch-all: yields to a specific rule flagging the same words

    def check(self, rep) -> list[Finding]:  # pragma: no cover - interface
        raise NotImplementedError

    def finding(self, message: str, nstart: int | None = None, nend: int | None = None,
                severity: str | None = None, **extra: object) -> Finding:
        return Finding(rule=self.name, code=self.code, severity=Severity(severity or self.severity), message=message,
                       nstart=nstart, nend=nend, extra=extra, group=self.group)

    @property
    def spec(self) -> RuleSpec:
        return code_table()[self.code]


def register(cls):
    spec = code_table().get(cls.code)
    if spec is None or spec.builtin:
        raise DomainDataError(f"规则模块 {cls.__module__} 的代码 {cls.code} 不在代码表 rules.yaml 中")
    for attr in ("name", "group", "severity", "description", "lifecycle"):
        if attr in vars(cls):
            raise DomainDataError(f"规则模块 {cls.__module__} 自己定义了 {attr}：这些只写在代码表 rules.yaml 中")
    cls.name, cls.group, cls.severity = spec.name, spec.group, spec.severity
    cls.description, cls.lifecycle = spec.summary, spec.lifecycle
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
                orphans = sorted(c for c, sp in code_table().items() if not sp.builtin and c not in _REGISTRY)
                if orphans:
                    raise DomainDataError(f"代码表 rules.yaml 中的 {'、'.join(orphans)} 没有对应的规则模块")
                _LOADED = True
    return dict(sorted(_REGISTRY.items()))


@dataclass
class Selection:
    """The rules a run selects and ignores (codes, names or groups)."""

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
        try:
            out.extend(rule.check(rep))
        except Exception as exc:  # noqa: BLE001 - one broken rule must not lose the other rules' findings
            out.append(internal_error(rule, exc))
    out = _dedupe(out)
    out.sort(key=lambda f: (f.nstart if f.nstart is not None else (-1 if f.ostart is None else 0), f.code))
    return out


INTERNAL = "RN001"


def internal_error(rule: Rule, exc: BaseException) -> Finding:
    """The one finding a rule that raised leaves: which rule, what went wrong (no traceback)."""
    spec = code_table()[INTERNAL]
    return Finding(rule=spec.name, code=INTERNAL, group=spec.group, severity=Severity(spec.severity),
                   message=f"规则 {rule.code}（{rule.name}）检查时出错（{type(exc).__name__}），未能完成这一项检查；"
                           "其他规则的结果不受影响。请将该报告反馈给维护者",
                   extra={"failed_rule": rule.code})


def _dedupe(findings: list[Finding]) -> list[Finding]:
    """One finding per place and rule: when a rule flags overlapping words twice (a substitution and
    a near-miss of the same slogan), the narrower one stays; a generic rule yields to a specific one
    on the same words. Different rules never hide each other's findings."""
    def span(f: Finding) -> tuple[int, int]:
        s = f.nstart if f.nstart is not None else 0
        return s, f.nend if f.nend is not None else s + 1

    def overlap(a: Finding, b: Finding) -> bool:
        (a0, a1), (b0, b1) = span(a), span(b)
        return a0 < b1 and b0 < a1

    spanned = sorted((f for f in findings if f.nstart is not None), key=lambda f: (span(f)[1] - span(f)[0], span(f)[0]))
    generic = {r.code for r in _REGISTRY.values() if r.generic}
    specific = [f for f in spanned if f.code not in generic]
    kept: list[Finding] = []
    for f in spanned:
        if any(k.rule == f.rule and overlap(k, f) for k in kept):
            continue
        if f.code in generic and any(overlap(k, f) for k in specific):
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
    """Plain text (no markup) for `reportnlp explain`, from the code table."""
    sp = rule.spec
    group = f"（类别：{sp.group}）" if sp.group != sp.name else ""
    return (f"{sp.code} {sp.name} [{sp.severity}]{group}\n{sp.summary}\n\n"
            f"问题示例：{sp.problem}\n推荐写法：{sp.advice}\n")


def rule_table_markdown() -> str:
    """The README's rule table, generated from the code table (tests keep the README in step)."""
    rows = ["| 代码 | 名称 | 类别 | 级别 | 检查什么 |", "|---|---|---|---|---|"]
    for sp in code_table().values():
        rows.append(f"| {sp.code} | `{sp.name}` | `{sp.group}` | {sp.severity} | {sp.summary} |")
    return "\n".join(rows)
