"""The `reportnlp` console entry point.

The plainest command line, `reportnlp check FILE… [--format terminal|json|text]` (what an editor runs on
save), is carried out here without loading typer: building typer's per-option validation (pydantic)
costs as much as reading the report. Every other command line — another command, any other option,
`--help`, a project config this parser does not accept — goes to the typer application in cli.py,
unchanged. tests/test_entry.py checks that both give the same output and exit code.
"""
from __future__ import annotations

import os
import sys

FORMATS = ("terminal", "json", "text")


def plain_check(argv: list[str]) -> tuple[list[str], str] | None:
    """(files, format) when `argv` is `check FILE… [--format F]`; None for anything else."""
    if not argv or argv[0] != "check":
        return None
    files: list[str] = []
    fmt = "terminal"
    rest = argv[1:]
    i = 0
    while i < len(rest):
        a = rest[i]
        if a in ("--format", "-f") and i + 1 < len(rest):
            fmt = rest[i + 1]
            i += 2
            continue
        if a.startswith("--format="):
            fmt = a.split("=", 1)[1]
        elif a.startswith("-"):
            return None  # an option for typer (and `--` / `-` too)
        else:
            files.append(a)
        i += 1
    if not files or fmt not in FORMATS:
        return None
    return files, fmt


def _err(path: str, message: str) -> None:
    from rich.console import Console

    from rich.text import Text

    # the path and message as written: `报告[2024].docx` keeps its brackets (no rich markup in user text)
    Console(stderr=True, highlight=False, soft_wrap=True).print(Text.assemble(("错误", "bold red"), f" {path}: {message}"),
                                                                highlight=False)


def run_plain_check(files: list[str], fmt: str) -> int | None:
    """The check of cli.py with default options; None when the project config needs the full command."""
    from . import api
    from .config import SEV_RANK, Config, load_project_config
    from .errors import ReportError

    try:
        proj = load_project_config()
    except ReportError:
        return None  # the full command says what is wrong with the config file
    cfg = Config(select=list(proj.get("select", [])), ignore=list(proj.get("ignore", [])),
                 fail_on=proj.get("fail-on", proj.get("fail_on", "error")))
    if cfg.fail_on not in SEV_RANK:
        return None
    if cfg.select or cfg.ignore:
        from .check.registry import unknown_patterns

        if unknown_patterns(cfg.select + cfg.ignore):
            return None  # the full command refuses it with the list of codes
    unreadable = 0
    worst = -1
    console = None
    for path in files:
        try:
            report = api.check_file(path, config=cfg)
        except ReportError as exc:
            unreadable += 1
            _err(path, exc.message)
            if fmt == "json":
                from .report.jsonout import error_line

                print(error_line(path, exc.message), flush=True)
            continue
        except Exception as exc:  # noqa: BLE001 - one broken file must not stop the batch
            if os.environ.get("REPORTNLP_DEBUG"):
                raise
            unreadable += 1
            _err(path, f"处理失败（{type(exc).__name__}: {exc}）")
            continue
        for f in report.analysis.findings:
            worst = max(worst, SEV_RANK.get(f.severity, 0))
        if fmt == "json":
            print(report.to_json(), flush=True)
        elif fmt == "text":
            from .report import terminal

            for line in terminal.text_lines(report.analysis):
                print(line)
        else:
            from rich.console import Console

            from .report import terminal

            console = console or Console(highlight=False, soft_wrap=True)
            terminal.render(report.analysis, console)
    if unreadable:
        return 2
    return 1 if worst >= SEV_RANK[cfg.fail_on] else 0


def main() -> None:
    parsed = plain_check(sys.argv[1:])
    if parsed is not None:
        try:
            code = run_plain_check(*parsed)
        except KeyboardInterrupt:
            sys.exit(130)
        if code is not None:
            sys.stdout.flush()
            sys.exit(code)
    from .cli import main as typer_main

    typer_main()
