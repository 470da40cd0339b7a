"""The output formats of `check`, in one table: a new format is one entry here and one module beside.

A format either prints each report as it is checked (`emit`: json, text, terminal) or writes one page
for the whole run after the loop (`page`: html). The writers are imported when used, so looking a
format up (as the console script's fast path does) loads nothing.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:  # pragma: no cover - typing only
    from ..model import Report


def _render_json(rep: Report) -> str:
    from .jsonout import dumps

    return dumps(rep) + "\n"


def _render_text(rep: Report) -> str:
    from .terminal import text_lines

    return "".join(line + "\n" for line in text_lines(rep))


def _emit_json(rep: Report, _console: Any) -> None:
    print(_render_json(rep), end="", flush=True)


def _emit_text(rep: Report, _console: Any) -> None:
    print(_render_text(rep), end="")


def _emit_terminal(rep: Report, console: Any) -> None:
    import sys

    from .terminal import plain, plain_output, render

    if plain_output(sys.stdout):  # a pipe or a file: what rich would write, without loading rich
        print(plain(rep), end="")
    else:
        render(rep, console)


def _page_html(reports: list[Report]) -> str:
    from .html import render_html

    return render_html(reports)


class Format(NamedTuple):
    name: str
    description: str  # Chinese, for the option's help
    emit: Callable[[Report, Any], None] | None = None  # prints one report (to stdout or the console)
    render: Callable[[Report], str] | None = None  # what `emit` prints, as text (a plain format: any process renders it)
    page: Callable[[list[Report]], str] | None = None  # one page for all reports, written to a file
    extensions: tuple[str, ...] = ()  # what the page's file name must end with
    default_output: str | None = None  # the page's file when -o is not given


FORMATS: dict[str, Format] = {f.name: f for f in (
    Format("terminal", "终端彩色输出", emit=_emit_terminal),
    Format("json", "每个文件一行 JSON（docs/CHECK_JSON.md）", emit=_emit_json, render=_render_json),
    Format("text", "纯文本，每个问题一行", emit=_emit_text, render=_render_text),
    Format("html", "一个网页文件（-o，默认 report.html）", page=_page_html, extensions=(".html", ".htm"),
           default_output="report.html"),
)}


def names() -> tuple[str, ...]:
    return tuple(FORMATS)


def streamed() -> tuple[str, ...]:
    """The formats that print each report as it is checked (no output file)."""
    return tuple(n for n, f in FORMATS.items() if f.emit is not None)


def help_text() -> str:
    return " | ".join(names())
