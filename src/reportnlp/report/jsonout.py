"""`--format json`: one object per file, JSON Lines, as docs/CHECK_JSON.md specifies."""
from __future__ import annotations

import json
import math

from ..model import Report


def _num(v):
    if v is None:
        return None
    v = float(v)
    return v if math.isfinite(v) else None


def _finite(obj):
    """JSON has no Infinity/NaN: non-finite floats anywhere in the object become null."""
    if isinstance(obj, float):
        return obj if math.isfinite(obj) else None
    if isinstance(obj, dict):
        return {k: _finite(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_finite(v) for v in obj]
    return obj


def to_dict(rep: Report) -> dict:
    src = rep.source

    def pos(ns, ne):
        return rep.span(ns, ne)

    headings = []
    for h in rep.headings:
        p = pos(h.nstart, h.nend)
        headings.append({"text": p["text"], "level": h.level, "canonical": h.canonical, "line": p["line"],
                         "start": p["start"], "end": p["end"], "run_in": h.run_in, "inline": h.inline})
    sections = []
    for s in rep.sections:
        p = pos(s.nstart, s.nstart + 1)
        sections.append({"canonical": s.canonical, "line": p["line"], "start": p["start"],
                         "heading": rep.span(s.heading.nstart, s.heading.nend)["text"] if s.heading else None,
                         "evidence": s.evidence.as_dict() if s.evidence is not None else None})
    claims = []
    for c in rep.claims:
        p = pos(c.nstart, c.nend)
        d = {"text": p["text"], "value": _num(c.value), "unit": c.unit, "start": p["start"], "end": p["end"],
             "line": p["line"], "approx": c.approx}
        if c.metric:
            d["metric"] = c.metric
        if c.in_table:
            d["in_table"] = True
        claims.append(d)
    checks = []
    for ch in rep.checks:
        p = pos(ch.nstart, ch.nend) if ch.nstart is not None else {"start": None, "end": None, "line": None}
        d = {"kind": ch.kind, "verdict": ch.verdict, "start": p["start"], "end": p["end"], "line": p["line"]}
        d.update(ch.json_fields())
        checks.append(d)
    findings = []
    for f in rep.findings:
        p = rep.span(f.nstart, f.nend, f.ostart, f.oend)
        # `rule` is the finding family of the contract (docs/CHECK_JSON.md); `name` the rule's unique name
        d = {"rule": f.group or f.rule, "name": f.rule, "code": f.code, "severity": f.severity,
             "message": f.message,
             "line": p["line"], "start": p["start"], "end": p["end"], "text": p["text"]}
        for k in ("section", "suggestion", "entry"):
            if f.extra.get(k) is not None:
                d[k] = f.extra[k]
        findings.append(d)
    return {
        "file": src.path,
        "format": src.format,
        "script": rep.norm.script,
        "year": rep.meta.year,
        "period": list(rep.meta.period) if rep.meta.period else None,
        "org": rep.meta.org,
        "doc_type": rep.meta.doc_type,
        "title": rep.meta.title,
        "statutory_applicable": rep.meta.statutory_applicable,
        "chrome_lines": sorted(rep.chrome.lines),
        "title_lines": rep.meta.title_lines,
        "headings": headings,
        "sections": sections,
        "missing_sections": list(rep.missing),
        "complete": getattr(rep.meta, "complete", True),
        "structure_evidence": {k: v.as_dict() for k, v in getattr(rep.meta, "evidence", {}).items()},
        "claims": claims,
        "checks": checks,
        "findings": findings,
    }


# Characters json.dumps leaves raw with ensure_ascii=False that str.splitlines and JavaScript
# take for line breaks: escaped, so one file is always one line (they occur only inside strings).
_LINE_BREAKS = str.maketrans({"\u2028": "\\u2028", "\u2029": "\\u2029", "\x85": "\\u0085"})


def dumps(rep: Report) -> str:
    """One JSON line; always valid JSON (allow_nan=False after non-finite numbers became null)."""
    d = to_dict(rep)
    try:  # almost always every number is finite: json itself says when one is not
        out = json.dumps(d, ensure_ascii=False, allow_nan=False, default=str)
    except ValueError:
        out = json.dumps(_finite(d), ensure_ascii=False, allow_nan=False, default=str)
    # three scans for characters that are almost never there cost less than translating every one
    return out.translate(_LINE_BREAKS) if "\u2028" in out or "\u2029" in out or "\x85" in out else out


def error_line(path: str, message: str) -> str:
    return json.dumps({"file": path, "error": message}, ensure_ascii=False).translate(_LINE_BREAKS)
