"""The one `check` command: options in, output and exit code out.

Both entry points run it: the typer command (`cli.check`) and the fast path of the console script
(`_entry`, which skips typer for the plain `check FILE… [--format F]`). Neither has logic of its own,
so they cannot drift. It sits beside cli and web in the command layer; rich and the output
modules are imported only when something is drawn, so a JSON check never loads them.

Exit codes (docs/GUARANTEES.md): 0 no finding at the `fail_on` level, 1 one does, 2 a file could not
be read, an option is wrong, or an output could not be written.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any

from .cmdout import error_line as _err
from .config import SEV_RANK, Config, load_project_config, metric_aliases
from .errors import ReportError
from .checkpool import assigned, failure, workers_for
from .report.formats import FORMATS


@dataclass
class CheckRequest:
    """The options of one `check` command line."""

    files: list[str]
    fmt: str = "terminal"
    output: str | None = None
    annotate: str | None = None
    force: bool = False
    data: str | None = None
    table: str | None = None
    org: str | None = None
    year: int | None = None
    select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    fail_on: str | None = None  # None: the project's `fail-on`, else error
    show_unmatched: bool = False
    previous: str | None = None
    explain_structure: bool = False
    jobs: int = 0  # processes for many files (0: every core once there are enough files; 1: this one only)


class _LazyConsole:
    """A rich Console created when something is printed (plain JSON/text output never needs rich)."""

    def __init__(self, **kwargs):
        self._kwargs, self._console = kwargs, None

    def __getattr__(self, name):
        if self._console is None:
            from rich.console import Console

            self._console = Console(**self._kwargs)
        return getattr(self._console, name)

    def print(self, *objects: Any, **kwargs: Any) -> None:
        self.__getattr__("print")(*objects, **kwargs)


def _warn(console, path: str, msg: str) -> None:
    from rich.markup import escape

    console.print(f"[bold yellow]注意[/bold yellow] {escape(path)}: {escape(msg)}", highlight=False)


def config_for(req: CheckRequest, proj: dict) -> Config:
    """The check's options: the command line first, then the project's reportnlp.toml, then defaults."""
    return Config(select=list(req.select) or list(proj.get("select", [])),
                  ignore=list(req.ignore) or list(proj.get("ignore", [])), year=req.year,
                  fail_on=req.fail_on or proj.get("fail-on", proj.get("fail_on", "error")),
                  data_org=req.org, show_unmatched=req.show_unmatched)


def run_check(req: CheckRequest) -> int:
    """Check every file of `req`, print the results in its format, write its outputs; the exit code."""
    from . import api
    from .report import jsonout

    out_console = _LazyConsole(highlight=False, soft_wrap=True)
    err_console = _LazyConsole(stderr=True, highlight=False, soft_wrap=True)
    try:
        proj = load_project_config()
    except ReportError as exc:  # a reportnlp.toml that cannot be read: one line naming file and line
        _err(err_console, exc.path or "reportnlp.toml", exc.message)
        return 2
    cfg = config_for(req, proj)
    if cfg.fail_on not in SEV_RANK:
        _err(err_console, "--fail-on", f"未知级别 {cfg.fail_on}（应为 error / warning / info）")
        return 2
    if req.fmt not in FORMATS:
        _err(err_console, "--format", f"未知格式 {req.fmt}（应为 {' / '.join(FORMATS)}）")
        return 2
    if req.annotate and len(req.files) == 1:  # with several files --annotate is a folder
        if not _extension_ok(err_console, req.annotate, "--annotate", (".docx",), " Word 文档"):
            return 2
    chosen = FORMATS[req.fmt]
    if chosen.page is not None and req.output:
        if not _extension_ok(err_console, req.output, "--output", chosen.extensions, f"{req.fmt.upper()} 网页"):
            return 2
    if cfg.select or cfg.ignore:
        from .check.registry import all_rules, unknown_patterns

        bad = unknown_patterns(cfg.select + cfg.ignore)
        if bad:
            _err(err_console, "--select/--ignore",
                 f"没有这样的规则：{'、'.join(bad)}。可用的规则代码：{'、'.join(all_rules())}（名称见 reportnlp rules）")
            return 2
    datasets = None
    if req.data:
        from .datasets import load_data

        try:
            datasets = load_data(req.data, table=req.table, aliases=metric_aliases(proj))
        except ReportError as exc:
            _err(err_console, req.data, exc.message)
            return 2
        for w in datasets.warnings:  # an unusable label never disappears silently
            _warn(err_console, req.data, w)
    if req.previous:
        from .pipeline import analyse as analyse_previous

        try:
            cfg.previous = analyse_previous(req.previous)
        except Exception as exc:  # noqa: BLE001 - one clear line, never a traceback
            if os.environ.get("REPORTNLP_DEBUG"):
                raise
            msg = exc.message if isinstance(exc, ReportError) else f"{type(exc).__name__}: {exc}"
            _err(err_console, req.previous, f"上一年度报告无法读取（{msg}）")
            return 2
    unreadable = 0
    worst = -1
    reports: list = []
    inputs = set(req.files) | {p for p in (req.data, req.previous) if p}
    taken: set = set()
    # many files in a plain format: warm worker processes check from the back while this one
    # checks from the front (checkpool.py); the output is what one process prints
    workers = workers_for(len(req.files), req.jobs, req.fmt,
                          alone=bool(req.annotate or req.previous or req.data or req.explain_structure))
    with assigned(req.files, cfg, req.fmt, workers) as files:
        for path, done in files:
            if done is not None:  # checked by a worker of the pool
                if done[0] == "error":
                    unreadable += 1
                    _err(err_console, path, done[1])
                    if req.fmt == "json":
                        print(jsonout.error_line(path, done[1]), flush=True)
                else:
                    print(done[1], end="", flush=True)
                    worst = max(worst, done[2])
                continue
            code, worst_here = _check_here(req, path, cfg, datasets, chosen, reports, inputs, taken,
                                           out_console, err_console)
            unreadable += code
            worst = max(worst, worst_here)
    if chosen.page is not None and reports:
        from .outpath import write_atomic

        target = req.output or chosen.default_output or f"report.{req.fmt}"
        try:
            _safe_target(target, inputs, req.force)
            write_atomic(target, chosen.page(reports))
            err_console.print(f"已写出 {req.fmt.upper()} 报告：{target}", markup=False)
        except ReportError as exc:
            _err(err_console, target, exc.message)
            unreadable += 1
    if unreadable:
        return 2
    return 1 if worst >= SEV_RANK[cfg.fail_on] else 0


def _check_here(req: CheckRequest, path: str, cfg: Config, datasets, chosen, reports: list, inputs: set,
                taken: set, out_console, err_console) -> tuple[int, int]:
    """Check one file in this process, print it, write its outputs: (files that failed, worst severity rank)."""
    from . import api
    from .report import jsonout

    unreadable = 0
    worst = -1
    try:
        report = api.check_file(path, config=cfg, data=datasets)
    except ReportError as exc:
        _err(err_console, path, exc.message)
        if req.fmt == "json":
            print(jsonout.error_line(path, exc.message), flush=True)
        return 1, worst
    except Exception as exc:  # noqa: BLE001 - one broken file must not stop the batch
        if os.environ.get("REPORTNLP_DEBUG"):
            raise
        msg = failure(exc)
        _err(err_console, path, msg)
        if req.fmt == "json":
            print(jsonout.error_line(path, msg), flush=True)
        return 1, worst
    rep = report.analysis
    if chosen.page is not None:  # one page for all; other formats print each report and let it go
        reports.append(rep)
    for f in rep.findings:
        worst = max(worst, SEV_RANK.get(f.severity, 0))
    if chosen.emit is not None:
        chosen.emit(rep, out_console)
    if req.explain_structure:  # structure decisions with their evidence (stderr beside JSON lines)
        from .report.structure import explain_lines

        for line in explain_lines(rep):
            (err_console if req.fmt == "json" else out_console).print(line, markup=False)
    if req.annotate:
        from .outpath import distinct_name
        from .report.annotate import annotate_report

        target = req.annotate if len(req.files) == 1 else distinct_name(
            req.annotate, os.path.splitext(os.path.basename(path))[0], ".reviewed.docx", taken)
        try:
            _safe_target(target, inputs, req.force)
            annotate_report(rep, target)
            err_console.print(f"已写出批注文件：{target}", markup=False)
        except ReportError as exc:
            _err(err_console, target, exc.message)
            unreadable += 1
    return unreadable, worst


def _extension_ok(console, target: str, option: str, exts: tuple[str, ...], what: str) -> bool:
    """False (after one line) when an output's name ends otherwise than the file written into it
    (--annotate out.pdf would be a Word file named .pdf)."""
    if os.path.splitext(target)[1].lower() in exts:
        return True
    _err(console, target, f"{option} 写出的是{what}，文件名应以 {' 或 '.join(exts)} 结尾")
    return False


def _safe_target(target: str, inputs: set, force: bool) -> None:
    from .outpath import guard_output  # links resolved; see docs/GUARANTEES.md

    guard_output(target, inputs, force)
