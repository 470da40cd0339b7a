"""Command line: `reportnlp check`, `rules`, `explain` (and `draft`, `suggest`, `compare`)."""
from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from typing import List, Optional

import typer
from rich.console import Console

from . import __version__
from .errors import ReportError

app = typer.Typer(add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False,
                  help="reportnlp：法治政府建设年度报告检查与起草工具")
SEV_RANK = {"info": 0, "warning": 1, "error": 2}


@dataclass
class Config:
    select: list = field(default_factory=list)
    ignore: list = field(default_factory=list)
    year: int | None = None
    fail_on: str = "error"
    data_org: str | None = None
    show_unmatched: bool = False


def load_project_config(start: str = ".") -> dict:
    """`reportnlp.toml` or `[tool.reportnlp]` in pyproject.toml, searched upwards from the cwd."""
    import tomllib

    d = os.path.abspath(start)
    while True:
        for name in ("reportnlp.toml", "pyproject.toml"):
            p = os.path.join(d, name)
            if os.path.isfile(p):
                try:
                    with open(p, "rb") as fh:
                        data = tomllib.load(fh)
                except (OSError, tomllib.TOMLDecodeError):
                    continue
                if name == "reportnlp.toml":
                    return data.get("tool", {}).get("reportnlp", data)
                if "reportnlp" in data.get("tool", {}):
                    return data["tool"]["reportnlp"]
        parent = os.path.dirname(d)
        if parent == d:
            return {}
        d = parent


def _split(vals):
    out = []
    for v in vals or []:
        out += [x.strip() for x in v.split(",") if x.strip()]
    return out


def _err(console: Console, path: str, msg: str) -> None:
    console.print(f"[bold red]错误[/bold red] {path}: {msg}", highlight=False)


@app.command()
def check(
    files: List[str] = typer.Argument(..., help="报告文件（.docx / .txt / .doc / .wps），可多个"),
    fmt: str = typer.Option("terminal", "--format", "-f", help="terminal | json | text | html"),
    output: Optional[str] = typer.Option(None, "-o", "--output", help="输出文件（html 格式时必需或默认 report.html）"),
    annotate: Optional[str] = typer.Option(None, "--annotate", help="写出带审阅批注的 Word 副本"),
    force: bool = typer.Option(False, "--force", help="允许覆盖已存在的输出文件"),
    data: Optional[str] = typer.Option(None, "--data", help="统计数据（.xlsx/.csv/.json/.duckdb/.sqlite）"),
    table: Optional[str] = typer.Option(None, "--table", help="数据库文件中的表名"),
    org: Optional[str] = typer.Option(None, "--org", help="数据中使用的单位名称"),
    year: Optional[int] = typer.Option(None, "--year", help="报告所述年度（覆盖自动识别）"),
    select: List[str] = typer.Option([], "--select", help="只运行这些规则（代码或名称前缀）"),
    ignore: List[str] = typer.Option([], "--ignore", help="不运行这些规则（代码或名称前缀）"),
    fail_on: str = typer.Option("error", "--fail-on", help="error | warning | info：达到该级别时退出码为1"),
    show_unmatched: bool = typer.Option(False, "--show-unmatched", help="列出无法对应数据行的数字"),
):
    """检查报告：结构、法定部分、数字、提法、占位符。"""
    from .pipeline import analyse
    from .report import jsonout, terminal

    out_console = Console(highlight=False, soft_wrap=True)
    err_console = Console(stderr=True, highlight=False, soft_wrap=True)
    proj = load_project_config()
    cfg = Config(select=_split(select) or list(proj.get("select", [])),
                 ignore=_split(ignore) or list(proj.get("ignore", [])), year=year,
                 fail_on=fail_on if fail_on != "error" else proj.get("fail-on", proj.get("fail_on", "error")),
                 data_org=org, show_unmatched=show_unmatched)
    if cfg.fail_on not in SEV_RANK:
        _err(err_console, "--fail-on", f"未知级别 {cfg.fail_on}（应为 error / warning / info）")
        raise typer.Exit(2)
    if fmt not in ("terminal", "json", "text", "html"):
        _err(err_console, "--format", f"未知格式 {fmt}（应为 terminal / json / text / html）")
        raise typer.Exit(2)
    datasets = None
    if data:
        from .datasets import load_data

        try:
            datasets = load_data(data, table=table)
        except ReportError as exc:
            _err(err_console, data, exc.message)
            raise typer.Exit(2)
    unreadable = 0
    worst = -1
    reports = []
    inputs = set(files) | ({data} if data else set())
    from .outpath import distinct_name, write_atomic

    taken: set = set()
    for path in files:
        try:
            rep = analyse(path, cfg, data=datasets)
        except ReportError as exc:
            unreadable += 1
            _err(err_console, path, exc.message)
            if fmt == "json":
                print(jsonout.error_line(path, exc.message), flush=True)
            continue
        except Exception as exc:  # noqa: BLE001 - one broken file must not stop the batch
            if os.environ.get("REPORTNLP_DEBUG"):
                raise
            unreadable += 1
            msg = ("处理该文件所需内存过多，已跳过" if isinstance(exc, MemoryError)
                   else f"处理失败（程序内部错误 {type(exc).__name__}，请把该文件反馈给维护者）")
            _err(err_console, path, msg)
            if fmt == "json":
                print(jsonout.error_line(path, msg), flush=True)
            continue
        reports.append(rep)
        for f in rep.findings:
            worst = max(worst, SEV_RANK.get(f.severity, 0))
        if fmt == "json":
            print(jsonout.dumps(rep), flush=True)
        elif fmt == "text":
            for line in terminal.text_lines(rep):
                print(line)
        elif fmt == "terminal":
            terminal.render(rep, out_console)
        if annotate:
            from .report.annotate import annotate_report

            target = annotate if len(files) == 1 else distinct_name(
                annotate, os.path.splitext(os.path.basename(path))[0], ".reviewed.docx", taken)
            try:
                _safe_target(target, inputs, force)
                annotate_report(rep, target)
                err_console.print(f"已写出批注文件：{target}")
            except ReportError as exc:
                _err(err_console, target, exc.message)
                unreadable += 1
    if fmt == "html" and reports:
        from .report.html import render_html

        target = output or "report.html"
        try:
            _safe_target(target, inputs, force)
            write_atomic(target, render_html(reports))
            err_console.print(f"已写出 HTML 报告：{target}")
        except ReportError as exc:
            _err(err_console, target, exc.message)
            unreadable += 1
    if unreadable:
        raise typer.Exit(2)
    raise typer.Exit(1 if worst >= SEV_RANK[cfg.fail_on] else 0)


def _safe_target(target: str, inputs: set, force: bool) -> None:
    from .outpath import guard_output  # links resolved; see docs/GUARANTEES.md

    guard_output(target, inputs, force)


@app.command()
def rules():
    """列出全部检查规则及其代码。"""
    from rich.table import Table

    from .check.registry import all_rules

    t = Table(title="reportnlp 检查规则")
    for col in ("代码", "名称", "级别", "说明"):
        t.add_column(col)
    for r in all_rules().values():
        t.add_row(r.code, r.name, r.severity, r.description)
    Console().print(t)


@app.command()
def explain(code: str = typer.Argument(..., help="规则代码，如 RN101")):
    """显示一条规则的说明、问题示例与推荐写法。"""
    from .check.registry import all_rules, explain as explain_rule

    r = all_rules().get(code.upper())
    if r is None:
        Console(stderr=True).print(f"[red]没有规则 {code}[/red]（用 reportnlp rules 查看全部）")
        raise typer.Exit(2)
    Console(highlight=False).print(explain_rule(r))


def _polisher(llm, base_url, model, model_path, api_key):
    from .draft.llm import LocalPolisher, OpenAIPolisher

    if llm is None:
        return None
    if llm == "openai":
        if not base_url or not model:
            raise ReportError("--llm openai 需要 --base-url 和 --model")
        return OpenAIPolisher(base_url, model, api_key=api_key)
    if llm == "local":
        if not model_path:
            raise ReportError("--llm local 需要 --model-path（本地模型目录）")
        try:
            return LocalPolisher(model_path)
        except (OSError, RuntimeError, ValueError) as exc:
            raise ReportError(f"无法加载本地模型（{exc}）") from None
    raise ReportError(f"未知的 --llm：{llm}（应为 openai 或 local）")


@app.command()
def draft(
    data: str = typer.Option(..., "--data", help="统计数据文件"),
    org: str = typer.Option(..., "--org", help="单位名称，如 某县教育局"),
    year: int = typer.Option(..., "--year", help="报告所述年度"),
    output: str = typer.Option(..., "-o", "--output", help="输出 .docx"),
    previous: Optional[str] = typer.Option(None, "--previous", help="上一年度报告（.docx/.txt），沿用其结构与表述"),
    table: Optional[str] = typer.Option(None, "--table", help="数据库文件中的表名"),
    signed: Optional[str] = typer.Option(None, "--date", help="落款日期，如 2026年1月20日"),
    force: bool = typer.Option(False, "--force", help="允许覆盖已存在的输出文件"),
    llm: Optional[str] = typer.Option(None, "--llm", help="润色（可选）：openai | local"),
    base_url: Optional[str] = typer.Option(None, "--base-url", help="OpenAI 兼容服务地址（单位内部部署）"),
    model: Optional[str] = typer.Option(None, "--model", help="模型名称"),
    model_path: Optional[str] = typer.Option(None, "--model-path", help="本地 transformers 模型目录"),
    api_key: Optional[str] = typer.Option(None, "--api-key", envvar="REPORTNLP_API_KEY", help="服务密钥（可选）"),
):
    """根据统计数据（和上一年度报告）起草年度报告，每个数字都可追溯到数据。"""
    import json as _json

    from .check.datacheck import select_rows
    from .datasets import load_data
    from .draft.compose import compose
    from .draft.docxwriter import write_docx

    err = Console(stderr=True, highlight=False, soft_wrap=True)
    try:
        inputs = {x for x in (data, previous) if x}
        _safe_target(output, inputs, force)
        _safe_target(os.path.splitext(output)[0] + ".trace.json", inputs | {output}, force)
        rows = select_rows(load_data(data, table=table), org, year)
        if not rows:
            raise ReportError(f"数据中没有“{org}”{year}年度的行")
        if previous:
            from .draft.previous import compose_from_previous
            from .pipeline import analyse

            d = compose_from_previous(analyse(previous), rows, org, year, signed)
        else:
            d = compose(rows, org, year, signed)
        pol = _polisher(llm, base_url, model, model_path, api_key)
        if pol is not None:
            from .draft.llm import polish_draft

            kept = polish_draft(d, pol, lambda m: err.print(m))
            err.print(f"润色：采用 {kept} 段")
        write_docx(d, output)
        trace_path = os.path.splitext(output)[0] + ".trace.json"
        with open(trace_path, "w", encoding="utf-8") as fh:
            _json.dump({"org": org, "year": year, "numbers": d.trace, "notes": d.notes}, fh, ensure_ascii=False, indent=1)
    except ReportError as exc:
        _err(err, exc.path or output, exc.message)
        raise typer.Exit(2)
    err.print(f"已写出草稿：{output}（数字来源：{trace_path}，共 {len(d.trace)} 个数字）")
    for n in d.notes:
        err.print(n)


@app.command()
def suggest(
    report: str = typer.Argument(..., help="报告文件"),
    data: Optional[str] = typer.Option(None, "--data", help="统计数据文件"),
    table: Optional[str] = typer.Option(None, "--table"),
    annotate: Optional[str] = typer.Option(None, "--annotate", help="把建议段落作为批注写入 Word 副本"),
    force: bool = typer.Option(False, "--force"),
):
    """为报告缺少的法定部分（首先是第一责任人部分）提出建议段落。"""
    from .check.datacheck import select_rows
    from .datasets import load_data
    from .draft.suggest import as_findings, suggestions
    from .pipeline import analyse

    out = Console(highlight=False, soft_wrap=True)
    err = Console(stderr=True, highlight=False, soft_wrap=True)
    try:
        rep = analyse(report)
        rows = select_rows(load_data(data, table=table), rep.meta.org, rep.meta.year) if data else []
    except ReportError as exc:
        _err(err, exc.path or report, exc.message)
        raise typer.Exit(2)
    sugg = suggestions(rep, rows)
    if not sugg:
        out.print(f"{report}：法定部分齐全，无需补充。")
    for part, heading, text in sugg:
        out.print(f"[bold]建议增加：{heading}[/bold]")
        out.print(text + "\n")
    if annotate:
        from .report.annotate import annotate_report

        try:
            _safe_target(annotate, {report} | ({data} if data else set()), force)
            rep.findings = as_findings(rep, sugg)
            annotate_report(rep, annotate)
            err.print(f"已写出批注文件：{annotate}")
        except ReportError as exc:
            _err(err, annotate, exc.message)
            raise typer.Exit(2)


@app.command()
def compare(
    inputs: List[str] = typer.Argument(None, help="报告文件夹、文件或通配符"),
    output: str = typer.Option("out", "-o", "--output", help="输出文件夹"),
    data: Optional[str] = typer.Option(None, "--data", help="各单位统计数据（用于人均等比率）"),
    jobs: int = typer.Option(0, "--jobs", "-j", help="并行进程数（默认全部核心）"),
    engine: str = typer.Option("local", "--engine", help="local | dask"),
    scheduler: Optional[str] = typer.Option(None, "--scheduler", help="Dask 调度器地址 tcp://HOST:PORT"),
    history: Optional[str] = typer.Option(None, "--history", help="显示 results.duckdb 中各单位各指标的逐年变化"),
    threshold: float = typer.Option(3.5, "--outlier-z", help="异常值的稳健Z值阈值"),
    file_timeout: float = typer.Option(120, "--timeout", help="每个文件最多处理的秒数（超时记为未读）"),
    file_memory: int = typer.Option(2048, "--max-memory", help="每个文件的检查进程最多使用的内存（MB）"),
):
    """批量检查并比较多个单位的报告：指标、缺失部分、异常值、相互复制。"""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    from .compare import store
    from .compare.analysis import copy_pairs, outliers
    from .compare.outputs import _label, write_dashboard, write_xlsx
    from .compare.run import collect, open_output, run_dask, run_local

    out = Console(highlight=False, soft_wrap=True)
    err = Console(stderr=True, highlight=False, soft_wrap=True)
    if history:
        from rich.table import Table

        try:
            con = store.connect(history, read_only=True)
        except ReportError as exc:
            _err(err, history, exc.message)
            raise typer.Exit(2)
        rows = store.history(con)
        con.close()
        if not out.is_terminal:
            out = Console(highlight=False, width=160)
        t = Table(title="各单位指标逐年变化")
        for col in ("单位", "指标", "年度", "数值", "上年", "变化", "变化率"):
            t.add_column(col)
        for r in rows:
            t.add_row(r["org"], _label(r["metric"]), str(r["year"]), f"{r['value']:,.2f}",
                      str(r["prev_year"] or ""), "" if r["change"] is None else f"{r['change']:+,.2f}",
                      "" if r["change_pct"] is None else f"{r['change_pct']:+.1f}%")
        out.print(t)
        return
    files = collect(inputs or [])
    if not files:
        _err(err, "compare", "没有找到报告文件")
        raise typer.Exit(2)
    try:  # before any work: output folder usable, outputs not inputs, one compare at a time
        lock, con = open_output(output, files)  # noqa: F841 - lock held until the process ends
    except ReportError as exc:
        _err(err, exc.path or output, exc.message)
        raise typer.Exit(2)
    jobs = jobs or os.cpu_count() or 1
    with Progress(TextColumn("检查报告"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                  console=err, transient=False, disable=not err.is_terminal) as prog:
        task = prog.add_task("check", total=len(files))

        def tick():
            prog.advance(task)

        try:
            if engine == "dask":
                records = run_dask(files, scheduler, tick)
            elif engine == "local":
                records = run_local(files, jobs, tick, timeout=file_timeout, memory_mb=file_memory)
            else:
                raise RuntimeError(f"未知的 --engine：{engine}（应为 local 或 dask）")
        except (RuntimeError, OSError) as exc:
            _err(err, "compare", str(exc))
            raise typer.Exit(2)
    failed = [r for r in records if r.get("error")]
    ok = [r for r in records if not r.get("error")]
    rows = None
    if data:
        from .datasets import load_data

        try:
            rows = load_data(data)
        except ReportError as exc:
            _err(err, data, exc.message)
            raise typer.Exit(2)
    outl = outliers(ok, rows, threshold)
    pairs = copy_pairs(ok)
    added = sum(store.store(con, r) for r in ok)
    con.close()
    write_xlsx(records, failed, outl, pairs, os.path.join(output, "summary.xlsx"))
    index = write_dashboard(records, failed, outl, pairs, output)
    out.print(f"检查 {len(files)} 个文件：成功 {len(ok)}，未能读取 {len(failed)}；新入库 {added} 份（内容相同的已跳过）")
    out.print(f"缺第一责任人部分：{sum(1 for r in ok if 'first_responsible' in r['missing'])} 份；"
              f"异常值 {len(outl)} 项；疑似复制段落 {len(pairs)} 对")
    for f in failed:
        out.print(f"  未读：{f['file']}：{f['error']}")
    out.print(f"输出：{index}、{os.path.join(output, 'summary.xlsx')}、{os.path.join(output, 'results.duckdb')}")
    raise typer.Exit(2 if failed else 0)


@app.callback(invoke_without_command=True)
def _main(version: bool = typer.Option(False, "--version", help="显示版本")):
    if version:
        print(__version__)
        raise typer.Exit(0)


def main():  # console script
    try:
        app()
    except KeyboardInterrupt:
        sys.exit(130)


if __name__ == "__main__":
    main()
