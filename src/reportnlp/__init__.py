"""reportnlp: check and draft Chinese annual rule-of-law reports (法治政府建设年度报告).

    import reportnlp
    rep = reportnlp.check("report.docx")      # -> reportnlp.Report
    print(rep.year, rep.org, rep.missing_parts, [f.code for f in rep.findings])

The names below are imported on first use, so `import reportnlp` stays cheap.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from ._version import __version__

_API = ("check_file", "check_text", "suggest", "load_data", "Report", "Span", "Heading", "Part", "Claim", "Relation", "Finding",
        "Suggestion", "Comparison")
__all__ = ["__version__", "check", "draft", "compare", "Config", "ReportError", *_API]

# `check`, `draft` and `compare` are both functions of the API and subpackages (src/reportnlp/check/ …).
# Importing a subpackage binds its name in the parent package when it is first loaded, so the three
# subpackages (docstrings only) are loaded here, before the functions below take their names for good.
from . import check as _check_pkg, compare as _compare_pkg, draft as _draft_pkg  # noqa: E402,F401

if TYPE_CHECKING:  # pragma: no cover - for type checkers and IDEs
    from .api import (Claim, Comparison, Finding, Heading, Part, Relation, Report, Span, Suggestion, check,
                      check_file, check_text, compare, draft, load_data, suggest)
    from .config import Config
    from .errors import ReportError

else:

    def check(path_or_text, **options):
        """Check one report (a path or its text) -> `Report`; see `reportnlp.api.check`."""
        from .api import check as _f

        return _f(path_or_text, **options)

    def draft(data, **options):
        """Draft a report from the bureau's data -> `Draft`; see `reportnlp.api.draft`."""
        from .api import draft as _f

        return _f(data, **options)

    def compare(paths, **options):
        """Check and compare many reports -> `Comparison`; see `reportnlp.api.compare`."""
        from .api import compare as _f

        return _f(paths, **options)


def __getattr__(name: str):
    if name in _API:
        from . import api

        return getattr(api, name)
    if name == "Config":
        from .config import Config

        return Config
    if name == "ReportError":
        from .errors import ReportError

        return ReportError
    raise AttributeError(f"module 'reportnlp' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
