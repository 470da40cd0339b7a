"""The `reportnlp` console entry point.

The plainest command lines, `reportnlp check FILE… [--format terminal|json|text]` (what an editor
runs on save) and `reportnlp compare INPUT… [-o DIR] [-j N]`, are parsed here without loading typer
(building typer's per-option validation imports pydantic, ~0.15 s: as much as reading a report, and
most of what a batch's own process does before its workers can start) and run by the same function
the typer command runs (`checkcmd.run_check`, `comparecmd.run_compare`). Every other command line —
another command, any other option, `--help` — goes to the typer application in cli.py.
tests/test_entry.py checks that both give the same output and exit code.
"""
from __future__ import annotations

import sys


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
    from .report.formats import streamed

    if not files or fmt not in streamed():  # a page format writes a file: typer checks its options
        return None
    return files, fmt


def plain_compare(argv: list[str]):
    """The CompareRequest of `compare INPUT… [-o|--output DIR] [-j|--jobs N]` (N in digits); None for
    anything else (typer parses it and says what is wrong)."""
    if not argv or argv[0] != "compare":
        return None
    inputs: list[str] = []
    opts: dict[str, str] = {}
    names = {"-o": "output", "--output": "output", "-j": "jobs", "--jobs": "jobs"}
    rest = argv[1:]
    i = 0
    while i < len(rest):
        a = rest[i]
        key, eq, val = a.partition("=")
        if a in names and i + 1 < len(rest):
            opts[names[a]] = rest[i + 1]
            i += 2
            continue
        if eq and key in ("--output", "--jobs"):
            opts[names[key]] = val
        elif a.startswith("-"):
            return None  # another option (and `--` / `-` too)
        else:
            inputs.append(a)
        i += 1
    jobs = opts.get("jobs", "0")
    if not inputs or not (jobs.isascii() and jobs.isdigit()) or not opts.get("output", "out"):
        return None
    from .comparecmd import CompareRequest

    return CompareRequest(inputs=inputs, output=opts.get("output", "out"), jobs=int(jobs))


def batch_coming(argv: list[str]) -> bool:
    """`compare` on the local engine (not `--history`, not `--help`): its workers' server can start
    warming up (~0.4 s on its own core) while typer and the command's modules are imported."""
    return bool(argv) and argv[0] == "compare" and not any(
        a in ("--help", "-h") or a.startswith(("--history", "--engine")) for a in argv[1:])


def main() -> None:
    if batch_coming(sys.argv[1:]):
        from .compare.run import start_server

        start_server()
    parsed = plain_check(sys.argv[1:])
    if parsed is not None:
        from .checkpool import PRELOAD, workers_for

        if workers_for(len(parsed[0]), 0, parsed[1], alone=False):  # many files: the pool's server warms up now
            from .compare.run import start_server

            start_server(PRELOAD)
        from .checkcmd import CheckRequest, run_check

        try:
            code = run_check(CheckRequest(files=parsed[0], fmt=parsed[1]))
        except KeyboardInterrupt:
            sys.exit(130)
        sys.stdout.flush()
        sys.exit(code)
    request = plain_compare(sys.argv[1:])
    if request is not None:
        from .comparecmd import run_compare

        try:
            code = run_compare(request)
        except KeyboardInterrupt:
            sys.exit(130)
        sys.stdout.flush()
        sys.exit(code)
    from .cli import main as typer_main

    typer_main()
