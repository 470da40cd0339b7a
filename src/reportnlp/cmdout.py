"""What the commands print with: rich consoles, created where output is drawn (a JSON check never
loads rich), and the one error line."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    import rich.console


class Printer(Protocol):
    """What the error line needs of a console (rich's Console, or one created on first print)."""

    def print(self, *objects: Any, **kwargs: Any) -> None: ...


def Console(*args, **kwargs) -> "rich.console.Console":  # noqa: N802
    """rich's Console, imported on first use."""
    from rich.console import Console as _Console

    return _Console(*args, **kwargs)


def error_line(console: Printer, path: str, msg: str) -> None:
    """One error line; the path and message are shown as written (pip install 'reportnlp[dask]'
    keeps its brackets: rich markup never reads user text)."""
    from rich.text import Text

    console.print(Text.assemble(("错误", "bold red"), f" {path}: {msg}"), highlight=False)
