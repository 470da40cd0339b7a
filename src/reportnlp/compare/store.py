"""results.duckdb: reports, headings, claims, checks, findings (with org and year), appended
run after run; a file whose content hash is already stored is skipped."""
from __future__ import annotations

import json
import os
from datetime import datetime, timezone
from functools import lru_cache

SCHEMA = """
CREATE TABLE IF NOT EXISTS reports (report_id VARCHAR PRIMARY KEY, file VARCHAR, org VARCHAR, place VARCHAR,
    year INTEGER, doc_type VARCHAR, format VARCHAR, statutory_applicable BOOLEAN, missing VARCHAR,
    n_errors INTEGER, n_warnings INTEGER, n_info INTEGER, chars INTEGER, run_at TIMESTAMP);
CREATE TABLE IF NOT EXISTS headings (report_id VARCHAR, org VARCHAR, year INTEGER, line INTEGER, level INTEGER,
    text VARCHAR, canonical VARCHAR);
CREATE TABLE IF NOT EXISTS claims (report_id VARCHAR, org VARCHAR, year INTEGER, line INTEGER, text VARCHAR,
    value DOUBLE, unit VARCHAR, metric VARCHAR, approx BOOLEAN, base_value DOUBLE, is_main BOOLEAN);
CREATE TABLE IF NOT EXISTS checks (report_id VARCHAR, org VARCHAR, year INTEGER, line INTEGER, kind VARCHAR,
    verdict VARCHAR, total DOUBLE, unit VARCHAR, detail VARCHAR);
CREATE TABLE IF NOT EXISTS findings (report_id VARCHAR, org VARCHAR, year INTEGER, line INTEGER, code VARCHAR,
    rule VARCHAR, severity VARCHAR, message VARCHAR, text VARCHAR);
"""


MARKER = "reportnlp-results"  # the value stored in reportnlp_meta: this file is ours
TABLES = ("reports", "headings", "claims", "checks", "findings")


META = "CREATE TABLE IF NOT EXISTS reportnlp_meta (key VARCHAR PRIMARY KEY, value VARCHAR)"


def _columns(con) -> dict[str, list[tuple[str, str]]]:
    """Every table of the main schema with its columns (name, type) in order."""
    out: dict[str, list[tuple[str, str]]] = {}
    for table, col, typ in con.execute("SELECT table_name, column_name, data_type FROM information_schema.columns "
                                       "WHERE table_schema = 'main' ORDER BY table_name, ordinal_position").fetchall():
        out.setdefault(table, []).append((col, typ))
    return out


@lru_cache(maxsize=1)
def _ours() -> dict[str, list[tuple[str, str]]]:
    """The columns a results file of this version has (SCHEMA and the marker table, built in memory)."""
    import duckdb

    con = duckdb.connect(":memory:")
    try:
        con.execute(SCHEMA)
        con.execute(META)
        return _columns(con)
    finally:
        con.close()


def _is_ours(con) -> bool | None:
    """True: a reportnlp results file; None: an empty database; False: someone else's. Ours means
    the five tables with exactly our columns, and either our marker in a `reportnlp_meta` of our
    columns or no `reportnlp_meta` at all (written by a version before the marker)."""
    cols = _columns(con)
    if not cols:
        return None
    want = _ours()
    if any(cols.get(t) != want[t] for t in TABLES):
        return False
    if "reportnlp_meta" in cols:
        if cols["reportnlp_meta"] != want["reportnlp_meta"]:
            return False
        return bool(con.execute("SELECT 1 FROM reportnlp_meta WHERE key = 'schema' AND value = ?", [MARKER]).fetchone())
    return True


def _open(path: str, read_only: bool):
    import duckdb

    from ..errors import ReportError

    try:
        return duckdb.connect(path, read_only=read_only)
    except duckdb.IOException as exc:
        if "lock" in str(exc).lower():
            raise ReportError("结果库正被另一个程序（可能是另一次 compare）使用，请等它结束后再运行", path=path) from None
        raise ReportError("不是 DuckDB 数据库文件（无法作为结果库打开）", path=path) from None
    except duckdb.Error:
        raise ReportError("不是 DuckDB 数据库文件（无法作为结果库打开）", path=path) from None


def connect(path: str, read_only: bool = False, allow_empty: bool = False):
    """Open (or create) results.duckdb; ReportError when the file is not a DuckDB database, is
    another program's database, or is locked by another process. An existing file is first
    opened read-only and judged by its tables and columns: another program's file is never opened
    for writing (not even a marker is added, its bytes stay as they were). `allow_empty`: a
    read-only look that accepts an empty database (compare -o takes it over)."""
    import duckdb

    from ..errors import ReportError

    if read_only and not os.path.isfile(path):
        raise ReportError("结果库不存在", path=path)
    ours = None
    if os.path.exists(path):
        con = _open(path, read_only=True)
        try:
            try:
                ours = _is_ours(con)
            except duckdb.Error:
                ours = False
            if ours is False:
                raise ReportError("这是其他程序的 DuckDB 数据库，不是 reportnlp 的结果库（不会改动它）", path=path)
            if read_only:
                if ours is None and not allow_empty:
                    raise ReportError("结果库是空的（没有 reportnlp 的表）", path=path)
                return con
        except BaseException:
            con.close()
            raise
        con.close()
    con = _open(path, read_only=False)
    try:
        con.execute("BEGIN TRANSACTION")
        con.execute(SCHEMA)
        con.execute(META)
        con.execute("INSERT OR REPLACE INTO reportnlp_meta VALUES ('schema', ?)", [MARKER])
        con.execute("COMMIT")
    except BaseException:
        con.close()
        raise
    return con


def known_hashes(con) -> set[str]:
    return {r[0] for r in con.execute("SELECT report_id FROM reports").fetchall()}


def store(con, rec: dict, known: set[str] | None = None) -> bool:
    """Append one checked report, all its rows in one transaction (a run killed while storing
    leaves either the whole report or nothing); False when its content is already stored.
    `known`: the content hashes stored in `con` (kept up to date here), instead of asking the
    database for each report."""
    return store_many(con, [rec], known) == 1


def store_many(con, recs: list[dict], known: set[str] | None = None) -> int:
    """Append checked reports in one transaction, each table's rows of all of them in one
    statement (a statement costs DuckDB ~0.5 ms whatever its rows: five per report made storing
    the bottleneck of a batch). Each report is stored whole or not at all, as with one transaction
    a report; of two reports with the same content (also within `recs`) the first is stored.
    Returns how many were newly stored."""
    known = known_hashes(con) if known is None else known
    rows: dict[str, list[list]] = {t: [] for t in TABLES}
    new: list[str] = []
    for rec in recs:
        if rec["hash"] in known or rec["hash"] in new:
            continue
        for table, table_rows in _rows(rec).items():
            rows[table] += table_rows
        new.append(rec["hash"])
    if not new:
        return 0
    con.execute("BEGIN TRANSACTION")
    try:
        for table in TABLES:
            _insert(con, table, rows[table])
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    known.update(new)
    return len(new)


class InOrder:
    """Stores the records of a batch while the workers still check the next files (called with
    each record as it arrives, in any order): each checked report in the order of `files`, as
    soon as every file before it has arrived, so the batch stores exactly what storing them one
    after the other at the end would (of two files with the same content, the first is the one
    stored). The reports ready within `group_seconds` of each other go in one transaction (group
    commit: a run killed at any moment still leaves each report whole or not at all, and loses at
    most the reports of the last `group_seconds`, which a re-run checks again)."""

    def __init__(self, con, files: list[str], where: str = "results.duckdb", group_seconds: float = 0.25,
                 max_group: int = 64, also=None):
        self.con, self.added, self.next, self.where = con, 0, 0, where
        self.also = also  # called with each checked report too, in file order (its page is written)
        self.group_seconds, self.max_group = group_seconds, max_group
        self.files = list(files)
        self.index = {f: i for i, f in enumerate(self.files)}
        self.waiting: dict[int, dict] = {}
        self.ready: list[dict] = []  # in file order, not yet stored
        self.since = 0.0  # when the oldest of `ready` became ready
        self.known = known_hashes(con)
        # one core: the rows of a few reports are too few for DuckDB's threads to help, and the
        # workers checking the next files need the cores
        con.execute("SET threads = 1")

    def __call__(self, rec: dict) -> None:
        import time

        self.waiting[self.index[rec["file"]]] = rec
        while self.next in self.waiting:
            r = self.waiting.pop(self.next)
            self.next += 1
            if not r.get("error"):
                if self.also is not None:
                    self.also(r)
                if not self.ready:
                    self.since = time.monotonic()
                self.ready.append(r)
        if self.ready and (len(self.ready) >= self.max_group or time.monotonic() - self.since >= self.group_seconds):
            self.flush()

    def flush(self) -> None:
        """Store the reports ready so far, in one transaction; a full disk or a folder turned
        read-only is one line."""
        import duckdb

        from ..errors import ReportError
        from ..outpath import os_reason

        recs, self.ready = self.ready, []
        if not recs:
            return
        try:
            self.added += store_many(self.con, recs, self.known)
        except (OSError, duckdb.Error) as exc:
            raise ReportError(f"无法写入结果库（{os_reason(exc)}）", path=self.where) from None

    def finish(self, records: list[dict]) -> int:
        """Store whatever has not been stored yet (the last group, and the records of an engine that
        does not report them one by one); the number of reports newly stored by the batch."""
        for r in records:
            if r is not None and self.index[r["file"]] >= self.next:
                self(r)
        self.flush()
        return self.added


def _insert(con, table: str, rows: list[list]) -> None:
    """All rows of one table in one statement: several rows as one list per column, unnested
    (the statement's cost does not grow with the rows; ~15% less than a multi-row VALUES list
    bound row by row, which itself beat `executemany`, which DuckDB runs row by row); a single
    row as VALUES."""
    if not rows:
        return
    width = len(rows[0])
    if len(rows) > 1:
        con.execute(f"INSERT INTO {table} SELECT " + ", ".join(["unnest(?)"] * width), [list(c) for c in zip(*rows)])
        return
    con.execute(f"INSERT INTO {table} VALUES (" + ",".join("?" * width) + ")", rows[0])


def _rows(rec: dict) -> dict[str, list[list]]:
    """The rows of one checked report, table by table."""
    from ..numbers import to_base

    rid = rec["hash"]
    org, year = rec["org"], rec["year"]
    sev = {s: sum(1 for f in rec["findings"] if f["severity"] == s) for s in ("error", "warning", "info")}
    main = {(m["text"]) for m in rec["metrics"].values()}
    return {
        "reports": [[rid, os.path.abspath(rec["file"]), org,  # absolute: the notebook opens it from any folder
                     rec.get("place"), year, rec["doc_type"], rec["format"],
                     rec["statutory_applicable"], ",".join(rec["missing"]), sev["error"], sev["warning"],
                     sev["info"], rec["chars"], datetime.now(timezone.utc).replace(tzinfo=None)]],
        "headings": [[rid, org, year, h["line"], h["level"], h["text"], h["canonical"]] for h in rec["headings"]],
        "claims": [[rid, org, year, c["line"], c["text"], c["value"], c["unit"], c.get("metric"), c["approx"],
                    to_base(c["value"], c["unit"]) if c["value"] is not None else None,
                    c.get("metric") is not None and rec["metrics"].get(c["metric"], {}).get("text") == c["text"]
                    and c["text"] in main]
                   for c in rec["claims"]],
        "checks": [[rid, org, year, c.get("line"), c["kind"], c["verdict"], c.get("total"), c.get("unit"),
                    json.dumps({k: v for k, v in c.items() if k not in ("kind", "verdict")}, ensure_ascii=False)]
                   for c in rec["checks"]],
        "findings": [[rid, org, year, f["line"], f["code"], f["rule"], f["severity"], f["message"], f["text"]]
                     for f in rec["findings"]],
    }


HISTORY_SQL = """
SELECT c.org, c.metric, c.year, c.base_value, c.unit, coalesce(r.file, c.report_id)
FROM claims c LEFT JOIN reports r ON r.report_id = c.report_id
WHERE c.is_main AND c.metric IS NOT NULL AND c.year IS NOT NULL AND c.base_value IS NOT NULL
ORDER BY c.org, c.metric, c.year, r.file
"""


def history(con) -> list[dict]:
    """Year-over-year change per bureau and metric. When the reports of one bureau and year
    disagree (a draft says 298, three published copies 289), the row names every value with its
    files under `conflict` and has no value and no change: none is picked silently."""
    from collections import Counter

    from ..check.relations.change.arithmetic import compute_change, round_half_up  # the same computation as RN208 and draft

    groups: dict = {}
    for org, metric, year, value, unit, file in con.execute(HISTORY_SQL).fetchall():
        g = groups.setdefault((org, metric, year), {"values": {}, "units": Counter()})
        g["values"].setdefault(round(value, 6), []).append(file)
        g["units"][unit] += 1
    out: list[dict] = []
    prev: dict[tuple, tuple] = {}  # (org, metric) -> (year, value, conflict) of the year before
    for (org, metric, year), g in groups.items():
        unit = sorted(g["units"].items(), key=lambda kv: (-kv[1], kv[0] or ""))[0][0]
        vals = g["values"]
        conflict = [{"value": v, "files": files} for v, files in sorted(vals.items(), key=lambda kv: (-len(kv[1]), kv[0]))] \
            if len(vals) > 1 else None
        value = None if conflict else next(iter(vals))
        key = (org, metric)
        p = prev.get(key)
        ch = None if p is None or p[1] is None or value is None else compute_change(p[1], value)
        change = None if ch is None else ch.delta
        pct = None if ch is None or ch.rate is None else round_half_up(ch.rate, 1)
        out.append({"org": org, "metric": metric, "year": year, "value": value,
                    "prev_year": p[0] if p else None, "prev_value": p[1] if p else None, "unit": unit,
                    "change": change, "change_pct": pct, "conflict": conflict,
                    "prev_conflict": p[2] if p else None})
        prev[key] = (year, value, conflict)
    return out


def dump(path: str) -> dict[str, list[tuple]]:
    """Every stored row of a results database, table by table, sorted, without the run time: what
    two runs over the same files must agree on (bench/diff_outputs.py and the storage tests)."""
    import duckdb

    con = duckdb.connect(path, read_only=True)
    try:
        out = {}
        for t in TABLES:
            cols = [c[0] for c in con.execute(f"DESCRIBE {t}").fetchall() if c[0] != "run_at"]
            out[t] = sorted(con.execute(f"SELECT {', '.join(cols)} FROM {t}").fetchall(), key=repr)
        return out
    finally:
        con.close()
