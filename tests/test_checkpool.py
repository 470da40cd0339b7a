"""`check` of many files with worker processes prints exactly what one process prints."""
from __future__ import annotations

import shutil
import subprocess
import time

import pytest

from conftest import ROOT, SHARED, reportnlp_cmd
from reportnlp.checkpool import PARALLEL_MIN, assigned, workers_for
from reportnlp.config import Config


@pytest.fixture(scope="module")
def many(tmp_path_factory):
    """40 files: the example report in both formats, devset reports when ../shared is there, an
    empty .docx, a text that is not a report, and a file that does not exist."""
    d = tmp_path_factory.mktemp("many")
    srcs = [ROOT / "examples" / "report_2025.txt", ROOT / "examples" / "report_2025.docx",
            *sorted((SHARED / "devset" / "docs").glob("*.txt"))[:12], *sorted((SHARED / "devset" / "docx").glob("*.docx"))]
    files = []
    for i in range(36):
        src = srcs[i % len(srcs)]
        dst = d / f"r{i:02d}{src.suffix}"
        shutil.copy(src, dst)
        files.append(str(dst))
    (d / "empty.docx").write_bytes(b"")
    (d / "note.txt").write_text("会议通知：请于周三下午三点到会议室开会。", encoding="utf-8")
    files[5:5] = [str(d / "empty.docx"), str(d / "missing.txt")]
    files.append(str(d / "note.txt"))
    assert len(files) >= PARALLEL_MIN
    return files


def _run(files, *opts):
    return subprocess.run(reportnlp_cmd() + ["check", *opts, *files], capture_output=True, text=True, timeout=600)


@pytest.mark.parametrize("fmt", ["json", "text"])
def test_pool_prints_what_one_process_prints(many, fmt):
    one = _run(many, "--format", fmt, "-j", "1")
    pool = _run(many, "--format", fmt, "-j", "3")  # this process and two workers
    assert (pool.returncode, pool.stdout, pool.stderr) == (one.returncode, one.stdout, one.stderr)
    assert one.returncode == 2 and "missing.txt" in one.stderr and "empty.docx" in one.stderr
    assert "Traceback" not in pool.stderr
    if fmt == "json":
        assert len(one.stdout.splitlines()) == len(many)  # one line a file, the unreadable ones too


def test_every_file_once_in_order_shared_between_this_process_and_the_pool(many):
    """This process takes the front while the pool takes the back: each file comes out once, in
    order, and the pool did check some of them (this process is slowed down so that it must)."""
    seen, pooled = [], 0
    with assigned(many, Config(), "json", 1) as files:
        for path, done in files:
            seen.append(path)
            if done is None:
                time.sleep(0.05)  # "checking" here, slower than a worker
            else:
                pooled += 1
                assert done[0] in ("rendered", "error")
    assert seen == many and pooled >= 5


def test_when_the_pool_is_used():
    assert workers_for(100, 0, "json", alone=False) >= (1 if (__import__("os").cpu_count() or 1) > 1 else 0)
    assert workers_for(PARALLEL_MIN - 1, 0, "json", alone=False) == 0  # too few files to pay for the start
    assert workers_for(100, 1, "json", alone=False) == 0  # -j 1
    assert workers_for(5, 3, "json", alone=False) == 2  # -j given: used whatever the count
    assert workers_for(100, 3, "terminal", alone=False) == 0  # drawn on this console
    assert workers_for(100, 3, "html", alone=False) == 0  # one page
    assert workers_for(100, 3, "json", alone=True) == 0  # --annotate, --data, --previous, --explain-structure


def test_a_pool_that_does_not_start_in_time_leaves_every_file_to_this_process(many, monkeypatch):
    import reportnlp.checkpool as cp

    monkeypatch.setattr(cp, "START_TIMEOUT", 0.001)  # the warm server needs far longer
    with assigned(many, Config(), "json", 1) as files:
        outcomes = [done for _path, done in files]
    assert outcomes == [None] * len(many)
