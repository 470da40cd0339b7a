"""reportnlp as a library: `check`, `draft`, `suggest`, `compare`, and the typed `Report` they return.

    import reportnlp
    rep = reportnlp.check("report_2025.docx")          # or the text itself
    rep.year, rep.org, rep.missing_parts               # 2025, '青山县教育局', ['first_responsible']
    for f in rep.findings:
        print(f.code, f.span.line if f.span else None, f.message)
    rep.to_json()                                      # exactly the line `reportnlp check --format json` prints

Every position is a `Span` into the original text (for .docx: the text reportnlp extracted, one
paragraph a line, Word's numbering labels rendered), the same as the JSON contract's
`start`/`end`/`line`. The command line is a thin layer over these functions.
"""
from __future__ import annotations

import json
import os
from functools import cached_property
from typing import (
    TYPE_CHECKING,
    Any,
    Callable,
    Iterable,
    Mapping,
    NamedTuple,
    Sequence,
    Union,
)

import reportnlp.recache as recache
from .config import Config
from .errors import ReportError

if TYPE_CHECKING:  # pragma: no cover - typing only
    from . import model
    from .datasets import DataRow
    from .draft.compose import Draft

PathOrText = Union[str, "os.PathLike[str]"]
DataArg = Union[str, "os.PathLike[str]", Sequence["DataRow"], None]
TEXT_PATH = "<text>"  # the `file` of a report checked from a string

__all__ = ["Span", "Heading", "Part", "Claim", "Relation", "Finding", "Report", "Suggestion", "Comparison",
           "Config", "check", "check_file", "check_text", "draft", "suggest", "compare", "load_data"]


# ---------------------------------------------------------------------------------------------
# value types (typed named tuples: immutable, cheap to define and to create)


class Span(NamedTuple):
    """A stretch of the original text: `start`/`end` are str offsets (end exclusive), `line` is 1-based."""

    start: int
    end: int
    line: int
    text: str


class Heading(NamedTuple):
    text: str  # as in the source, label included (一、主要举措和成效)
    level: int  # structural depth: 1 = 一、, 2 = （一）, 3 = 1. …
    canonical: str | None  # statutory part id, None for a topic heading
    span: Span
    run_in: bool = False  # body text follows on the same line
    inline: bool = False


class Part(NamedTuple):
    """A statutory part found in the report."""

    canonical: str  # measures | shortcomings | first_responsible | next_year | other
    start: int
    line: int
    heading: str | None  # its heading text, None when the part is only unheaded paragraphs


class Claim(NamedTuple):
    """A numeric claim: the minimal span holding number and unit (`122次`, `1134.65万元`, `40余场次`)."""

    text: str
    value: float | None
    unit: str | None
    approx: bool
    span: Span
    metric: str | None = None  # catalogue id (corpora/metrics.yaml)
    in_table: bool = False


class Relation(NamedTuple):
    """A relation the checker evaluated (consistent ones too): a sum, ratio, subset, …

    `fields` holds the kind's values as the JSON contract writes them (`total`, `parts`,
    `sum_of_parts`, `unit` … for a sum); `check` is the pipeline's own `model.Check` object.
    """

    kind: str
    verdict: str  # consistent | rounding | inconsistent
    span: Span | None
    fields: Mapping[str, Any]
    check: "model.Check"


class Finding(NamedTuple):
    """What a reviewer must look at. `span` is None for a finding about the whole document."""

    rule: str  # stable kebab-case name (sum-mismatch …)
    code: str  # RNxxx
    severity: str  # error | warning | info
    message: str  # Chinese, one sentence
    span: Span | None
    section: str | None = None
    suggestion: str | None = None
    entry: str | None = None


class Suggestion(NamedTuple):
    """A proposed paragraph for a missing statutory part (a named tuple: part, heading, text)."""

    part: str
    heading: str
    text: str


class Suggestions(list):
    """The suggestions (a list of `Suggestion`), with `status`: one line saying what they are — or,
    when there are none, why (the parts are complete, or the document type has no statutory parts)."""

    status: str = ""


class Report:
    """The result of a check. Attributes are computed once, on first use, from `analysis`
    (the pipeline's `model.Report`, with normalised-text offsets and every intermediate step)."""

    def __init__(self, analysis: "model.Report"):
        self.analysis = analysis

    def __repr__(self) -> str:
        return (f"Report(file={self.file!r}, year={self.year}, org={self.org!r}, "
                f"findings={len(self.analysis.findings)}, missing_parts={self.missing_parts})")

    # metadata ------------------------------------------------------------------------------
    @property
    def file(self) -> str:
        return self.analysis.source.path

    @property
    def format(self) -> str:
        return self.analysis.source.format

    @property
    def text(self) -> str:
        """The text every position points into."""
        return self.analysis.source.text

    @property
    def script(self) -> str:
        return self.analysis.norm.script

    @property
    def year(self) -> int | None:
        return self.analysis.meta.year

    @property
    def org(self) -> str | None:
        return self.analysis.meta.org

    @property
    def doc_type(self) -> str | None:
        return self.analysis.meta.doc_type

    @property
    def title(self) -> str | None:
        return self.analysis.meta.title

    @property
    def statutory_applicable(self) -> bool:
        return self.analysis.meta.statutory_applicable

    # structure and content -----------------------------------------------------------------
    def _span(self, nstart: int | None, nend: int | None, ostart: int | None = None,
              oend: int | None = None) -> Span | None:
        p = self.analysis.span(nstart, nend, ostart, oend)
        if p["start"] is None:
            return None
        return Span(p["start"], p["end"], p["line"], p["text"])

    def _where(self, nstart: int, nend: int) -> Span:
        """The span of something that has a place in the text (a heading, a part, a figure)."""
        sp = self._span(nstart, nend)
        if sp is None:
            raise ValueError(f"no place in the original text for {nstart}–{nend}")
        return sp

    @cached_property
    def headings(self) -> list[Heading]:
        out = []
        for h in self.analysis.headings:
            sp = self._where(h.nstart, h.nend)
            out.append(Heading(sp.text, h.level, h.canonical, sp, h.run_in, h.inline))
        return out

    @cached_property
    def parts(self) -> list[Part]:
        out = []
        for s in self.analysis.sections:
            sp = self._where(s.nstart, s.nstart + 1)
            head = self._where(s.heading.nstart, s.heading.nend).text if s.heading else None
            out.append(Part(s.canonical, sp.start, sp.line, head))
        return out

    @property
    def missing_parts(self) -> list[str]:
        """Canonical ids of the statutory parts a reviewer must add."""
        return list(self.analysis.missing)

    @cached_property
    def claims(self) -> list[Claim]:
        out = []
        for c in self.analysis.claims:
            sp = self._where(c.nstart, c.nend)
            value = None if c.value is None else float(c.value)
            out.append(Claim(sp.text, value, c.unit, c.approx, sp, c.metric, bool(c.in_table)))
        return out

    @cached_property
    def relations(self) -> list[Relation]:
        # the values are those of the JSON contract, whatever typed form the relation object has
        out = []
        text = self.analysis.source.text
        for ch, d in zip(self.analysis.checks, self._dict["checks"], strict=True):
            sp = None
            if d.get("start") is not None:
                sp = Span(d["start"], d["end"], d["line"], text[d["start"]:d["end"]])
            fields = {k: v for k, v in d.items() if k not in ("kind", "verdict", "start", "end", "line")}
            out.append(Relation(d["kind"], d["verdict"], sp, fields, ch))
        return out

    @cached_property
    def findings(self) -> list[Finding]:
        out = []
        for f in self.analysis.findings:
            sp = self._span(f.nstart, f.nend, f.ostart, f.oend)
            out.append(Finding(f.rule, f.code, f.severity, f.message, sp, f.extra.get("section"),
                               f.extra.get("suggestion"), f.extra.get("entry")))
        return out

    def worst_severity(self) -> str | None:
        from .config import SEV_RANK

        sev = [f.severity for f in self.analysis.findings]
        return max(sev, key=lambda s: SEV_RANK.get(s, 0)) if sev else None

    # output --------------------------------------------------------------------------------
    @cached_property
    def _dict(self) -> dict:
        from .report.jsonout import to_dict

        return to_dict(self.analysis)

    def to_dict(self) -> dict:
        """The JSON contract (shared/CHECK_JSON.md) as a dict: what `check --format json` prints."""
        import copy

        return copy.deepcopy(self._dict)

    def to_json(self) -> str:
        """One line of `reportnlp check --format json`, byte for byte."""
        from .report.jsonout import dumps

        return dumps(self.analysis)


# ---------------------------------------------------------------------------------------------
# functions


def load_data(path: str | os.PathLike[str], table: str | None = None,
              aliases: Mapping[str, str] | None = None) -> list["DataRow"]:
    """The bureau's structured data (.xlsx/.csv/.json/.duckdb/.sqlite), each row matched to the catalogue
    where it can be; a label the catalogue does not know is kept (matched to the report by its own words).
    aliases: the office's own names for catalogue metrics; by default `[metrics]` of reportnlp.toml."""
    from .config import metric_aliases
    from .datasets import load_data as _load

    return _load(os.fspath(path), table=table, aliases=metric_aliases() if aliases is None else dict(aliases))


def _rows(data: DataArg, table: str | None) -> list["DataRow"] | None:
    if data is None:
        return None
    if isinstance(data, (str, os.PathLike)):
        return load_data(data, table)
    return data if isinstance(data, list) and hasattr(data, "warnings") else list(data)  # a DataSet keeps its warnings


_FILE_NAME = recache.compile(r"[^\n\r\t<>|\"。，；：！？]{1,1024}\.[A-Za-z0-9]{1,6}")


def _is_path(path_or_text: PathOrText) -> bool:
    """A path object, an existing file, or a string shaped like a file name (`reports/x.docx`, `a.pdf`):
    a missing file is reported as missing rather than checked as a one-line text."""
    if isinstance(path_or_text, os.PathLike):
        return True
    s = path_or_text
    if "\n" in s or len(s) > 1024:
        return False
    return os.path.exists(s) or _FILE_NAME.fullmatch(s.strip()) is not None


def check_text(text: str, *, name: str = TEXT_PATH, data: DataArg = None, year: int | None = None,
               select: Iterable[str] | None = None, ignore: Iterable[str] | None = None, org: str | None = None,
               table: str | None = None, show_unmatched: bool = False, config: Config | None = None) -> Report:
    """Check a report given as text; positions point into `text` exactly as given."""
    from .pipeline import analyse_source
    from .read import Source

    if not isinstance(text, str) or not text.strip():
        raise ReportError("没有文字内容", path=name)
    cfg = _config(config, year, select, ignore, org, show_unmatched)
    return Report(analyse_source(Source(path=name, format="txt", text=text), config=cfg,
                                 data=_rows(data, table)))


def _config(config, year, select, ignore, org, show_unmatched) -> Config:
    cfg = Config() if config is None else Config(**vars(config))
    if year is not None:
        cfg.year = year
    if select is not None:
        cfg.select = [select] if isinstance(select, str) else list(select)
    if ignore is not None:
        cfg.ignore = [ignore] if isinstance(ignore, str) else list(ignore)
    if org is not None:
        cfg.data_org = org
    if show_unmatched:
        cfg.show_unmatched = True
    return cfg


def check(path_or_text: PathOrText, *, data: DataArg = None, year: int | None = None,
          select: Iterable[str] | None = None, ignore: Iterable[str] | None = None, org: str | None = None,
          table: str | None = None, show_unmatched: bool = False, config: Config | None = None) -> Report:
    """Check one report: a path (.docx, .txt, .doc, .wps) or the report's text.

    data: a data file (or rows from `load_data`) to compare the figures with (RN401–RN404);
    year: the report year when the text does not state it; select / ignore: rule codes or
    names (prefixes); org: the bureau's name as the data spells it; config: a `Config` whose
    fields the keyword arguments override. Raises `ReportError` (one Chinese sentence in
    `.message`) when the file cannot be read.
    """
    if not _is_path(path_or_text):
        return check_text(str(path_or_text), data=data, year=year, select=select, ignore=ignore, org=org,
                          table=table, show_unmatched=show_unmatched, config=config)
    return check_file(path_or_text, data=data, year=year, select=select, ignore=ignore, org=org, table=table,
                      show_unmatched=show_unmatched, config=config)


def check_file(path: str | os.PathLike[str], *, data: DataArg = None, year: int | None = None,
               select: Iterable[str] | None = None, ignore: Iterable[str] | None = None, org: str | None = None,
               table: str | None = None, show_unmatched: bool = False, config: Config | None = None) -> Report:
    """Check the report file at `path` (never taken for text); `Report.file` is the path as given."""
    from .pipeline import analyse

    cfg = _config(config, year, select, ignore, org, show_unmatched)
    return Report(analyse(os.fspath(path), cfg, data=_rows(data, table)))


def suggest(report: PathOrText | Report, *, data: DataArg = None, table: str | None = None) -> Suggestions:
    """A proposed paragraph for each statutory part the report lacks (first of all 第一责任人),
    with figures from the data rows of the report's own bureau and year. `.status` of the result
    is one line for the user (none missing; or a document type without statutory parts)."""
    from .check.datacheck import select_rows
    from .draft.suggest import status, suggestions

    rep = report if isinstance(report, Report) else check(report)
    all_rows = _rows(data, table)
    rows = select_rows(all_rows, rep.org, rep.year) if all_rows else []
    prev_rows = ([r for r in select_rows(all_rows, rep.org, rep.year - 1) if r.year == rep.year - 1]
                 if all_rows and rep.year else [])
    out = Suggestions(Suggestion(part, heading, text)
                      for part, heading, text in suggestions(rep.analysis, rows, prev_rows))
    out.status = status(rep.analysis, out)
    return out


def draft(data: DataArg, *, org: str, year: int, previous: PathOrText | Report | None = None,
          signed: str | None = None, table: str | None = None, output: str | os.PathLike[str] | None = None,
          polisher=None, log: Callable[[str], None] | None = None) -> "Draft":
    """Draft a report from the bureau's data (and last year's report): every number traced to a data cell.

    Returns the `Draft` (`.text()`, `.trace`, `.rows`, `.evidence`, `.notes`); with `output`, also
    writes the .docx and, beside it, `<name>.trace.json` (`numbers`: each number and 同比 with its
    cells; `rows`: every data row with the kind of sentence that writes it, or why not; `evidence`:
    what each shortcoming and next-year task rests on). `polisher` (draft.llm) optionally rewords
    paragraphs whose numbers and formulations stay the same.
    """
    from .check.datacheck import select_rows

    all_rows = _rows(data, table) or []
    rows = select_rows(all_rows, org, year)
    if not rows:
        from .check.datacheck import data_scope

        sc = data_scope(all_rows)
        raise ReportError(f"数据中没有“{org}”{year}年度的行（数据中有单位：{'、'.join(sc.orgs[:8]) or '未注明'}；"
                          f"年度：{'、'.join(map(str, sc.years)) or '未注明'}）")
    # last year's rows of the same sheet give the 同比 phrases, traced to both cells
    prev_rows = [r for r in select_rows(all_rows, org, year - 1) if r.year == year - 1]
    if previous is not None:
        from .draft.previous import compose_from_previous

        prev = previous if isinstance(previous, Report) else check(previous)
        d = compose_from_previous(prev.analysis, rows, org, year, signed, previous_rows=prev_rows)
    else:
        from .draft.compose import compose

        d = compose(rows, org, year, signed, previous_rows=prev_rows)
    d.notes[:0] = list(getattr(all_rows, "warnings", []))  # a label too long to use is said, never dropped silently
    if polisher is not None:
        from .draft.llm import polish_draft

        log = log or (lambda _m: None)
        kept = polish_draft(d, polisher, log)
        log(f"润色：采用 {kept} 段")
    if output is not None:
        import io

        from .draft.docxwriter import write_docx
        from .outpath import write_output

        output = os.fspath(output)
        inputs = {os.fspath(x) for x in (data, previous, getattr(previous, "file", None))
                  if isinstance(x, (str, os.PathLike)) and _is_path(x)}
        buf = io.BytesIO()
        write_docx(d, buf)  # built in memory: a full disk never leaves a broken .docx in place
        trace = json.dumps({"org": org, "year": year, "numbers": d.trace, "rows": d.rows, "evidence": d.evidence,
                            "notes": d.notes},
                           ensure_ascii=False, indent=1)
        # guarded (never onto an input, links replaced not followed) and atomic, like every output
        write_output(output, buf.getvalue(), inputs, force=True)
        write_output(trace_path(output), trace, inputs | {output}, force=True)
    return d


def trace_path(output: str) -> str:
    """Where `draft` writes the provenance of each number of the .docx at `output`."""
    return os.path.splitext(output)[0] + ".trace.json"


class Comparison(NamedTuple):
    """A batch: one record per file (dicts as stored in results.duckdb), outliers and copied paragraphs."""

    files: list[str]
    records: list[dict]
    outliers: list[dict]
    pairs: list[dict]
    added: int = 0  # reports newly stored in results.duckdb
    outputs: Mapping[str, str] = {}  # dashboard / summary / database paths (empty without `output`)

    @property
    def ok(self) -> list[dict]:
        return [r for r in self.records if not r.get("error")]

    @property
    def failed(self) -> list[dict]:
        return [r for r in self.records if r.get("error")]


def _import_in_background(names: list[str]) -> None:
    """Import `names` on a daemon thread (a module that fails to import here is imported, and
    fails, where it is used)."""
    import importlib
    import threading

    def run() -> None:
        for name in names:
            try:
                importlib.import_module(name)
            except Exception:  # noqa: BLE001 - an optimisation only
                pass

    threading.Thread(target=run, name="reportnlp-import", daemon=True).start()


def compare(paths: Iterable[str | os.PathLike[str]], *, output: str | os.PathLike[str] | None = None,
            data: DataArg = None, table: str | None = None, jobs: int = 0, engine: str = "local",
            scheduler: str | None = None, threshold: float = 3.5,
            progress: Callable[[], None] | None = None, timeout: float | None = 120,
            memory_mb: int | None = 2048) -> Comparison:
    """Check many reports (folders, files or glob patterns) in parallel and compare the bureaus.

    jobs: worker processes (0 = every core); engine: ``local`` or ``dask`` (with `scheduler`);
    timeout / memory_mb: per-file limits of the local engine (a file over them is listed as unread).
    With `output`, writes summary.xlsx, index.html (+ reports/) and appends to results.duckdb; the
    folder is readied and locked before any work (docs/GUARANTEES.md).
    """
    from .compare.run import collect, open_output, run_dask, run_local, start_server

    files = collect([os.fspath(p) for p in paths])
    if not files:
        raise ReportError("没有找到报告文件")
    if engine == "local":
        start_server()  # the workers' server warms up while the data and the output folder are read
    rows = _rows(data, table)
    lock = con = None
    if output is not None:
        output = os.fspath(output)
        lock, con = open_output(output, files)
    try:
        from .compare import store

        # each report is stored while the workers check the next files (in the order of `files`)
        pages = None
        if con is not None and output:
            from .compare.outputs import ReportPages

            pages = ReportPages(output)  # each report's page is written as the batch goes
        storing = store.InOrder(con, files, os.path.join(output, "results.duckdb"), also=pages) \
            if con is not None and output else None
        # the worker server loads its resources (~0.4 s) before the first file while this process
        # waits: the modules the end of the batch needs (numpy for copy detection, openpyxl for
        # summary.xlsx) are imported meanwhile instead of before or after the checking
        _import_in_background(["reportnlp.compare.analysis", *(["openpyxl"] if output is not None else [])])
        if engine == "dask":
            records = run_dask(files, scheduler, progress, on_record=storing)
        elif engine == "local":
            records = run_local(files, jobs or os.cpu_count() or 1, progress, timeout=timeout, memory_mb=memory_mb,
                                on_record=storing)
        else:
            raise ReportError(f"未知的 --engine：{engine}（应为 local 或 dask）")
        from .compare.analysis import copy_pairs, outliers

        ok = [r for r in records if not r.get("error")]
        failed = [r for r in records if r.get("error")]
        outl, pairs = outliers(ok, rows, threshold), copy_pairs(ok)
        if output is None:
            return Comparison(files, records, outl, pairs)
        from .compare.outputs import write_dashboard, write_xlsx
        from .outpath import os_reason

        db = os.path.join(output, "results.duckdb")
        added = storing.finish(records) if storing is not None else 0
        if con is not None:
            import duckdb

            try:
                con.close()  # the last checkpoint can meet a full disk too
            except (OSError, duckdb.Error) as exc:
                raise ReportError(f"无法写入结果库（{os_reason(exc)}）", path=db) from None
        con = None
        summary = os.path.join(output, "summary.xlsx")
        try:
            write_xlsx(records, failed, outl, pairs, summary)
            index = write_dashboard(records, failed, outl, pairs, output, pages)
        except OSError as exc:
            raise ReportError(f"无法写出文件（{os_reason(exc)}）", path=output) from None
        return Comparison(files, records, outl, pairs, added, {"dashboard": index, "summary": summary, "database": db})
    finally:
        if con is not None:
            try:
                con.close()
            except Exception:  # noqa: BLE001 - closing after a failure fails the same way: said once above
                pass
        if lock is not None:
            lock.close()
