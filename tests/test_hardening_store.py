"""Issue 31: a DuckDB file that is not ours, also one with tables named like ours, is refused by
`compare --history` and `compare -o` with one Chinese line and exit code 2, and left byte for
byte as it was (read-only look before anything is written)."""
import os

import duckdb
import pytest
from typer.testing import CliRunner

from reportnlp.cli import app

REPORT = ("青山县教育局2024年度法治政府建设情况报告\n一、2024年度推进法治政府建设的主要举措和成效\n"
          "全年开展行政检查15次，其中专项检查3次。\n")


def _foreign(path, kind):
    con = duckdb.connect(str(path))
    if kind == "same_names":  # the five table names of a results file, other columns
        for t in ("reports", "headings", "claims", "checks", "findings"):
            con.execute(f"CREATE TABLE {t} (id INTEGER, note VARCHAR)")
            con.execute(f"INSERT INTO {t} VALUES (1, 'theirs')")
    elif kind == "meta_other_columns":  # a reportnlp_meta of another program
        con.execute("CREATE TABLE reportnlp_meta (name VARCHAR, n INTEGER)")
        con.execute("INSERT INTO reportnlp_meta VALUES ('schema', 1)")
    elif kind == "meta_other_marker":
        con.execute("CREATE TABLE reportnlp_meta (key VARCHAR PRIMARY KEY, value VARCHAR)")
        con.execute("INSERT INTO reportnlp_meta VALUES ('schema', 'someone-else')")
    elif kind == "one_column_more":  # our names and columns, plus one of theirs
        from reportnlp.compare.store import SCHEMA
        con.execute(SCHEMA)
        con.execute("ALTER TABLE claims ADD COLUMN extra VARCHAR")
    con.close()
    os.utime(path, (1_000_000_000, 1_000_000_000))
    return path.read_bytes(), path.stat().st_mtime_ns


KINDS = ["same_names", "meta_other_columns", "meta_other_marker", "one_column_more"]


def _one_line(r):
    assert r.exit_code == 2, (r.exit_code, r.stdout[-500:], r.stderr[-500:])
    assert r.exception is None or isinstance(r.exception, SystemExit), r.exception
    lines = [x for x in r.stderr.splitlines() if x.strip()]
    assert len(lines) == 1 and lines[0].startswith("错误 ") and "不是 reportnlp 的结果库" in lines[0], r.stderr
    assert "Traceback" not in r.stdout + r.stderr


@pytest.mark.parametrize("kind", KINDS)
def test_history_refuses_a_foreign_database_untouched(tmp_path, kind):
    db = tmp_path / "theirs.duckdb"
    before = _foreign(db, kind)
    _one_line(CliRunner().invoke(app, ["compare", "--history", str(db)]))
    assert (db.read_bytes(), db.stat().st_mtime_ns) == before


@pytest.mark.parametrize("kind", KINDS)
def test_compare_into_a_folder_with_a_foreign_database_untouched(tmp_path, kind):
    src = tmp_path / "in"
    src.mkdir()
    (src / "r.txt").write_text(REPORT, encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    db = out / "results.duckdb"
    before = _foreign(db, kind)
    _one_line(CliRunner().invoke(app, ["compare", str(src), "-o", str(out), "-j", "1"]))
    assert (db.read_bytes(), db.stat().st_mtime_ns) == before
    assert sorted(os.listdir(out)) == ["results.duckdb"]  # nothing written beside it either


def test_our_database_is_still_used(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "r.txt").write_text(REPORT, encoding="utf-8")
    out = tmp_path / "out"
    r = CliRunner().invoke(app, ["compare", str(src), "-o", str(out), "-j", "1"])
    assert r.exit_code == 0, r.stderr
    r = CliRunner().invoke(app, ["compare", str(src), "-o", str(out), "-j", "1"])  # a re-run
    assert r.exit_code == 0, r.stderr
    r = CliRunner().invoke(app, ["compare", "--history", str(out)])
    assert r.exit_code == 0, r.stderr


# --- a full disk while compare writes (issue 31 item 5) ------------------------------------

def _enospc(*_a, **_k):
    import errno

    raise OSError(errno.ENOSPC, "No space left on device")


def _duckdb_full(*_a, **_k):
    raise duckdb.IOException('IO Error: Could not write all bytes to file "results.duckdb.wal": No space left on device')


@pytest.mark.parametrize("where", ["fsync", "xlsx", "dashboard", "store", "store_duckdb", "close_duckdb"])
def test_full_disk_during_compare_is_one_line(tmp_path, monkeypatch, where):
    import importlib

    outputs = importlib.import_module("reportnlp.compare.outputs")
    store = importlib.import_module("reportnlp.compare.store")
    import reportnlp.outpath as outpath

    if where == "fsync":  # the one atomic writer (summary.xlsx is its first file)
        monkeypatch.setattr(outpath.os, "fsync", _enospc)
    elif where == "xlsx":
        monkeypatch.setattr(outputs, "write_xlsx", _enospc)
    elif where == "dashboard":
        monkeypatch.setattr(outputs, "write_dashboard", _enospc)
    elif where == "store":  # the batch stores its reports in groups (store_many)
        monkeypatch.setattr(store, "store_many", _enospc)
    elif where == "store_duckdb":
        monkeypatch.setattr(store, "store_many", _duckdb_full)
    else:  # storing fails, and closing the database fails again
        real = store.connect

        class Full:
            def __init__(self, con):
                self.con = con

            def execute(self, *a, **k):
                if a and str(a[0]).startswith("INSERT INTO"):
                    _duckdb_full()
                return self.con.execute(*a, **k)

            def close(self):
                self.con.close()
                _duckdb_full()

        monkeypatch.setattr(store, "connect", lambda *a, **k: Full(real(*a, **k)))
    src = tmp_path / "in"
    src.mkdir()
    (src / "r.txt").write_text(REPORT, encoding="utf-8")
    r = CliRunner().invoke(app, ["compare", str(src), "-o", str(tmp_path / "out"), "-j", "1"])
    assert r.exit_code == 2 and (r.exception is None or isinstance(r.exception, SystemExit)), (r.exit_code, r.exception)
    lines = [x for x in (r.stderr + r.stdout).splitlines() if x.strip()]
    assert len(lines) == 1, lines
    assert lines[0].startswith("错误 ") and "磁盘已满" in lines[0] and "Errno" not in lines[0], lines[0]
