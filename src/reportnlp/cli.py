"""Command line: `reportnlp check`, `rules`, `explain` (and `draft`, `suggest`, `compare`)."""
from __future__ import annotations

import os
import sys
from typing import List, Optional

import typer

from ._version import __version__
from .config import Config, metric_aliases
from .cmdout import Console
from .cmdout import error_line as _err
from .errors import ReportError
from .report import formats

app = typer.Typer(add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False,
                  rich_markup_mode=None,  # help text is shown as written: `[metrics]` stays
                  help="reportnlp：法治政府建设年度报告检查与起草工具")


def _split(vals):
    out = []
    for v in vals or []:
        out += [x.strip() for x in v.split(",") if x.strip()]
    return out


@app.command()
def check(
    files: List[str] = typer.Argument(..., help="报告文件（.docx / .txt / .doc / .wps），可多个"),
    fmt: str = typer.Option("terminal", "--format", "-f", help=formats.help_text()),
    output: Optional[str] = typer.Option(None, "-o", "--output", help="输出文件（html 格式时必需或默认 report.html）"),
    annotate: Optional[str] = typer.Option(None, "--annotate", help="写出带审阅批注的 Word 副本"),
    force: bool = typer.Option(False, "--force", help="允许覆盖已存在的输出文件"),
    data: Optional[str] = typer.Option(None, "--data", help="统计数据（.xlsx/.csv/.json/.duckdb/.sqlite）"),
    table: Optional[str] = typer.Option(None, "--table", help="数据库文件中的表名"),
    org: Optional[str] = typer.Option(None, "--org", help="数据中使用的单位名称"),
    year: Optional[int] = typer.Option(None, "--year", help="报告所述年度（覆盖自动识别）"),
    select: List[str] = typer.Option([], "--select", help="只运行这些规则（代码或名称前缀）"),
    ignore: List[str] = typer.Option([], "--ignore", help="不运行这些规则（代码或名称前缀）"),
    fail_on: Optional[str] = typer.Option(None, "--fail-on", help="error | warning | info：达到该级别时退出码为1（默认取项目配置，否则 error）"),
    show_unmatched: bool = typer.Option(False, "--show-unmatched", help="列出无法对应数据行的数字"),
    previous: Optional[str] = typer.Option(None, "--previous", help="上一年度报告，用于核对同比增减（RN208）"),
    explain_structure: bool = typer.Option(False, "--explain-structure",
                                           help="列出结构判断（标题、类型、单位、完整性、各部分）及其依据"),
    jobs: int = typer.Option(0, "--jobs", "-j",
                             help="文件很多时并行的进程数（默认：32 个文件以上用全部核心；1 = 只用一个进程）"),
):
    """检查报告：结构、法定部分、数字、提法、占位符。"""
    from .checkcmd import CheckRequest, run_check

    raise typer.Exit(run_check(CheckRequest(
        files=list(files), fmt=fmt, output=output, annotate=annotate, force=force, data=data, table=table, org=org,
        year=year, select=_split(select), ignore=_split(ignore), fail_on=fail_on, show_unmatched=show_unmatched,
        previous=previous, explain_structure=explain_structure, jobs=jobs)))


def _refuse_extension(console, target: str, option: str, exts: tuple[str, ...], what: str) -> None:
    """One line and exit 2 when an output's name ends otherwise than the file written into it
    (--annotate out.pdf would be a Word file named .pdf)."""
    if os.path.splitext(target)[1].lower() not in exts:
        _err(console, target, f"{option} 写出的是{what}，文件名应以 {' 或 '.join(exts)} 结尾")
        raise typer.Exit(2)


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
def explain(code: str = typer.Argument(..., help="规则代码或名称，如 RN101 或 sum-mismatch")):
    """显示一条规则的说明、问题示例与推荐写法。"""
    from .check.registry import all_rules, explain as explain_rule, find_rule

    r = find_rule(code)
    if r is None:
        codes = "、".join(all_rules())
        Console(stderr=True, highlight=False, soft_wrap=True).print(f"没有规则“{code}”。可用的规则代码：{codes}（名称见 reportnlp rules）",
                                                    markup=False)
        raise typer.Exit(2)
    Console(highlight=False, soft_wrap=True).print(explain_rule(r), markup=False, end="")


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
        except RuntimeError as exc:
            raise ReportError(str(exc)) from None
        except (OSError, ValueError) as exc:
            raise ReportError(f"无法加载本地模型：文件夹 {model_path} 中没有可用的模型（{type(exc).__name__}）") from None
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
    from . import api

    err = Console(stderr=True, highlight=False, soft_wrap=True, markup=False)
    _refuse_extension(err, output, "-o", (".docx",), " Word 文档")
    try:
        inputs = {x for x in (data, previous) if x}
        _safe_target(output, inputs, force)
        _safe_target(os.path.splitext(output)[0] + ".trace.json", inputs | {output}, force)
        rows = api.load_data(data, table=table)
        pol = _polisher(llm, base_url, model, model_path, api_key)
        prev = api.check_file(previous) if previous else None
        d = api.draft(rows, org=org, year=year, previous=prev, signed=signed, output=output, polisher=pol,
                      log=lambda m: err.print(m))
        trace_path = api.trace_path(output)
    except ReportError as exc:
        _err(err, exc.path or output, exc.message)
        raise typer.Exit(2)
    err.print(f"已写出草稿：{output}（数字来源：{trace_path}，共 {len(d.trace)} 个数字）")
    for n in d.notes:
        err.print(n)


@app.command("data-labels")
def data_labels(
    data: str = typer.Argument(..., help="统计数据文件（.xlsx/.csv/.json/.duckdb/.sqlite）"),
    report: Optional[str] = typer.Option(None, "--report", help="对照的报告文件：显示每个指标在报告中对应的表述"),
    table: Optional[str] = typer.Option(None, "--table", help="数据库文件中的表名"),
    org: Optional[str] = typer.Option(None, "--org", help="只看这个单位的行"),
    year: Optional[int] = typer.Option(None, "--year", help="只看这个年度的行"),
):
    """显示数据中每个指标名称是如何识别和对应的（可在 reportnlp.toml 的 [metrics] 中添加自己的名称）。"""
    from rich.table import Table

    from .check.datacheck import label_infos, select_rows
    from .datasets import load_data
    from .extract.labels import group_name

    out = Console(highlight=False, soft_wrap=True, markup=False)
    err = Console(stderr=True, highlight=False, soft_wrap=True, markup=False)
    try:
        rows = load_data(data, table=table, aliases=metric_aliases())
        rep = None
        if report:
            from .pipeline import analyse

            rep = analyse(report, Config(year=year))
            rows = select_rows(rows, org or rep.meta.org, year or rep.meta.year)
        else:
            rows = select_rows(rows, org, year)
    except ReportError as exc:
        _err(err, exc.path or data, exc.message)
        raise typer.Exit(2)
    # the terminal's own width; a pipe or file gets the whole table
    width = out.width if out.is_terminal else 200
    out = Console(highlight=False, width=width, markup=False)  # wrapped by rich at that width
    infos = []
    for i in label_infos(rows, rep):
        how = {"目录": "目录名称", "别名": "用户别名"}.get(i.how, "本单位自有名称" + (f"（最接近：{i.suggestion}）" if i.suggestion else ""))
        group = group_name(i.group) + (f"（其中项，属“{i.part_of}”）" if i.part_of else "")
        found = (f"{i.matched_how}：{i.phrase}" if i.phrase else (i.matched_how or "—")) if rep else None
        infos.append((i, how, group, found))
    title = f"数据指标识别（{os.path.basename(data)}）"
    if width < (150 if rep else 110):  # an 80-column terminal: one short block per label instead of 9 squeezed columns
        out.print(title, style="bold")
        for i, how, group, found in infos:
            out.print(f"{i.pos} {i.label} = {i.value}" + (f"  【{i.verdict}】" if rep else ""), style="bold")
            out.print(f"  目录指标：{i.metric or '—'}（{how}）；起草时归入：{group}")
            if rep:
                out.print(f"  报告中：{found}；文中数字：{i.report_text or '—'}")
    else:
        t = Table(title=title)
        cols = ["位置", "指标名称", "数值", "目录指标", "识别方式", "起草时归入"] + (["报告中的对应", "文中数字", "结果"] if rep else [])
        for col in cols:
            t.add_column(col)
        for i, how, group, found in infos:
            cells: list[str | None] = [i.pos, i.label, i.value, i.metric or "—", how, group]
            if rep:
                cells += [found, i.report_text or "—", i.verdict]
            t.add_row(*cells)
        out.print(t)
    for n in getattr(rows, "notes", []) or []:
        err.print(n)
    out.print("提示：在 reportnlp.toml 中加入 [metrics] 一节（如 中心组学法 = \"学法次数\"），可把本单位的名称对应到目录指标。")


@app.command()
def suggest(
    report: str = typer.Argument(..., help="报告文件"),
    data: Optional[str] = typer.Option(None, "--data", help="统计数据文件"),
    table: Optional[str] = typer.Option(None, "--table"),
    annotate: Optional[str] = typer.Option(None, "--annotate", help="把建议段落作为批注写入 Word 副本"),
    force: bool = typer.Option(False, "--force"),
):
    """为报告缺少的法定部分（首先是第一责任人部分）提出建议段落。"""
    from . import api
    from .draft.suggest import as_findings

    out = Console(highlight=False, soft_wrap=True, markup=False)
    err = Console(stderr=True, highlight=False, soft_wrap=True, markup=False)
    if annotate:
        _refuse_extension(err, annotate, "--annotate", (".docx",), " Word 文档")
    try:
        checked = api.check_file(report)
        sugg = api.suggest(checked, data=data, table=table)
    except ReportError as exc:
        _err(err, exc.path or report, exc.message)
        raise typer.Exit(2)
    rep = checked.analysis
    out.print(f"{report}：{sugg.status}")
    for part, heading, text in sugg:
        out.print(f"建议增加：{heading}", style="bold")
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
    from .comparecmd import CompareRequest, run_compare

    raise typer.Exit(run_compare(CompareRequest(
        inputs=list(inputs or []), output=output, data=data, jobs=jobs, engine=engine, scheduler=scheduler,
        history=history, threshold=threshold, timeout=file_timeout, memory_mb=file_memory)))


@app.command()
def serve(
    host: str = typer.Option("127.0.0.1", "--host", help="监听地址（默认只允许本机访问；0.0.0.0 供单位内网访问）"),
    port: int = typer.Option(8000, "--port", help="端口"),
    max_mb: int = typer.Option(20, "--max-mb", help="单个上传文件的大小上限（MB）"),
    keep_minutes: int = typer.Option(30, "--keep-minutes", help="结果文件保留时间（分钟），到期删除"),
    timeout: int = typer.Option(120, "--timeout", help="每份报告的处理时间上限（秒），超过即停止并提示"),
    allow_host: list[str] = typer.Option([], "--allow-host",
                                         help="其他电脑访问本网页时使用的名称或地址（可多次给出；默认只接受监听地址和本机名称）"),
):
    """打开审阅网页：上传报告查看问题、下载批注版、起草报告、批量比较（需要安装 reportnlp 的 web 扩展）。"""
    import errno

    from .web import WebSettings, missing_dependencies, serve as run_server

    err = Console(stderr=True, highlight=False, soft_wrap=True, markup=False)
    missing = missing_dependencies()
    if missing:
        _err(err, "serve", f"网页功能需要先安装：pip install 'reportnlp[web]'（缺少 {'、'.join(missing)}）")
        raise typer.Exit(2)
    if max_mb < 1 or keep_minutes < 1 or timeout < 1 or not 0 < port < 65536:
        _err(err, "serve", "--max-mb、--keep-minutes、--timeout 应为正数，--port 应在 1–65535 之间")
        raise typer.Exit(2)
    if host not in ("127.0.0.1", "localhost", "::1"):
        err.print(f"注意：--host {host} 使其他电脑也能打开此网页，请只在单位内部网络使用。")
    url = f"http://{'localhost' if host in ('0.0.0.0', '::') else host}:{port}/"
    err.print("正在加载检查模型……")
    try:
        run_server(WebSettings(max_file_mb=max_mb, keep_seconds=keep_minutes * 60, job_seconds=timeout,
                               allowed_hosts=tuple(allow_host)),
                   host=host, port=port,
                   on_ready=lambda: err.print(f"审阅网页已就绪：{url} （按 Ctrl+C 停止）"))
    except OSError as exc:
        why = "端口已被占用，请换一个 --port" if exc.errno == errno.EADDRINUSE else (exc.strerror or str(exc))
        _err(err, "serve", f"无法在 {host}:{port} 启动（{why}）")
        raise typer.Exit(2)


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
    except ReportError as exc:  # reportnlp.toml that cannot be read, found before any command option
        _err(Console(stderr=True, highlight=False, soft_wrap=True), exc.path or "reportnlp", exc.message)
        sys.exit(2)


if __name__ == "__main__":
    main()
