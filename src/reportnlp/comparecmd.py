"""The one `compare` command (options -> output -> exit code), run by the typer command and by the
console entry's fast path for a plain `compare INPUT… [-o DIR] [-j N]` (which skips building
typer's option validation, ~0.15 s of the batch's start; tests/test_entry.py holds both to the same
output and exit code)."""
from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .cmdout import Console
from .cmdout import error_line as _err
from .errors import ReportError

if TYPE_CHECKING:
    import rich.console


@dataclass
class CompareRequest:
    """The options of one `compare` command line."""

    inputs: list[str] = field(default_factory=list)
    output: str = "out"
    data: str | None = None
    jobs: int = 0  # worker processes (0: every core)
    engine: str = "local"
    scheduler: str | None = None
    history: str | None = None  # show the year-on-year changes stored in this results.duckdb instead
    threshold: float = 3.5
    timeout: float = 120
    memory_mb: int = 2048


@contextlib.contextmanager
def _progress_bar(console: "rich.console.Console", total: int) -> Iterator[Callable[[], None]]:
    """tick(): one more file checked, on a progress bar when `console` is a terminal; elsewhere it
    does nothing (and rich.progress, ~40 ms to import, is not loaded)."""
    if not console.is_terminal:
        yield lambda: None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    with Progress(TextColumn("检查报告"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                  console=console, transient=False) as prog:
        task = prog.add_task("check", total=total)
        yield lambda: prog.advance(task)


def run_compare(req: CompareRequest) -> int:
    """Check and compare the reports of `req`, write the batch's outputs, print the summary; the exit code."""
    inputs, output, data, jobs, engine, scheduler = req.inputs, req.output, req.data, req.jobs, req.engine, req.scheduler
    history, threshold, file_timeout, file_memory = req.history, req.threshold, req.timeout, req.memory_mb

    from . import api
    from .compare import store
    from .compare.outputs import _label
    from .compare.run import collect

    out = Console(highlight=False, soft_wrap=True, markup=False)
    err = Console(stderr=True, highlight=False, soft_wrap=True, markup=False)
    if history:
        from rich.table import Table

        if os.path.isdir(history):  # the output folder of a compare run
            history = os.path.join(history, "results.duckdb")
        try:
            con = store.connect(history, read_only=True)
        except ReportError as exc:
            _err(err, history, exc.message)
            return 2
        changes = store.history(con)
        con.close()
        if not out.is_terminal:
            out = Console(highlight=False, width=160, markup=False)
        from .numbers import fmt_amount

        def conflict_cell(conflict, unit):
            return "不一致：" + "；".join(f"{fmt_amount(c['value'], unit)}（{len(c['files'])}份）" for c in conflict)

        t = Table(title="各单位指标逐年变化")
        for col in ("单位", "指标", "年度", "数值", "上年数值", "变化", "变化率"):
            t.add_column(col)
        notes = []
        for r in changes:
            ch = r["change"]
            if r["prev_conflict"]:
                prev = conflict_cell(r["prev_conflict"], r["unit"]) + f"（{r['prev_year']}年）"
            else:
                prev = fmt_amount(r["prev_value"], r["unit"]) + (f"（{r['prev_year']}年）" if r["prev_year"] != (r["year"] or 0) - 1 else "")
            if r["conflict"]:
                value = conflict_cell(r["conflict"], r["unit"])
                notes.append(f"{r['org']} {r['year']}年 {_label(r['metric'])}：各报告数值不一致，未取其中任何一个——" + "；".join(
                    f"{fmt_amount(c['value'], r['unit'])}：{'、'.join(os.path.basename(f) for f in c['files'])}" for c in r["conflict"]))
            else:
                value = fmt_amount(r["value"], r["unit"])
            t.add_row(r["org"], _label(r["metric"]), str(r["year"]), value,
                      prev if r["prev_year"] else "",
                      "" if ch is None else ("+" if ch > 0 else "−" if ch < 0 else "±") + fmt_amount(abs(ch), r["unit"]),
                      "" if r["change_pct"] is None else f"{r['change_pct']:+.1f}%")
        out.print(t)
        for n in notes:
            out.print(n, markup=False)
        return 0
    import glob as _glob

    for item in inputs or []:  # a folder or file that is not there: one line, no empty outputs
        if not os.path.exists(item) and not _glob.glob(item):
            _err(err, item, "找不到该文件夹或文件（没有写出任何结果）")
            return 2
    files = collect(inputs or [])
    if not files:
        _err(err, "compare", "没有找到报告文件")
        return 2
    rows = None
    if data:
        try:
            # per_capita.csv is refused before any work when it would land on the data sheet
            from .outpath import same_file

            if same_file(os.path.join(output, "per_capita.csv"), data):
                raise ReportError("输出文件不能与输入文件相同（含链接指向输入文件的情况），不会覆盖原文件",
                                  path=os.path.join(output, "per_capita.csv"))
            rows = api.load_data(data)
        except ReportError as exc:
            _err(err, exc.path or data, exc.message)
            return 2
    with _progress_bar(err, len(files)) as tick:
        try:
            res = api.compare(files, output=output, data=rows, jobs=jobs, engine=engine, scheduler=scheduler,
                              threshold=threshold, progress=tick,
                              timeout=file_timeout, memory_mb=file_memory)
        except ReportError as exc:  # output folder not usable, another compare running …
            _err(err, exc.path or output, exc.message)
            return 2
        except OSError as exc:
            from .outpath import os_reason

            _err(err, exc.filename or output, f"无法写出结果（{os_reason(exc)}）")
            return 2
        except RuntimeError as exc:
            _err(err, "compare", str(exc))
            return 2
    ok, failed, outl, pairs, added, index = res.ok, res.failed, res.outliers, res.pairs, res.added, res.outputs["dashboard"]
    if rows is not None:  # per-capita figures of every metric, and reports the data does not cover
        from .compare.analysis import per_capita
        from .compare.outputs import write_per_capita

        per, scope_warnings = per_capita(ok, rows)
        try:
            write_per_capita(per, os.path.join(output, "per_capita.csv"), inputs=files + [data])
        except ReportError as exc:
            _err(err, exc.path or output, exc.message)
            return 2
        for w in scope_warnings:
            err.print(f"警告：{w}", style="yellow")
        out.print(f"人均指标 {len(per)} 项：{os.path.join(output, 'per_capita.csv')}")
    out.print(f"检查 {len(files)} 个文件：成功 {len(ok)}，未能读取 {len(failed)}；新入库 {added} 份（内容相同的已跳过）")
    out.print(f"缺第一责任人部分：{sum(1 for r in ok if 'first_responsible' in r['missing'])} 份；"
              f"异常值 {len(outl)} 项；疑似复制段落 {len(pairs)} 对")
    for f in failed:
        out.print(f"  未读：{f['file']}：{f['error']}")
    out.print(f"输出：{index}、{os.path.join(output, 'summary.xlsx')}、{os.path.join(output, 'results.duckdb')}")
    return 2 if failed else 0
