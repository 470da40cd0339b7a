"""`check` of many files on every core, printing exactly what one process prints.

The console's own process checks the files from the front, as it always does; meanwhile a pool of
warm worker processes (compare's pool plumbing, forked from a server that imported `checkwarm`
and so checked a short report once) checks them from the back, a few at a time, and sends back
each report already rendered in the chosen plain format (json, text). Where the two meet, the
process prints the pool's results in file order. So a batch starts checking at once (the worker
server warms up, ~0.25 s, while the first files are checked here) and every file is printed in its
place, with the same bytes, error lines and exit code as one process gives
(tests/test_checkpool.py compares them).

Only plain formats go to the pool; the terminal format, pages, --annotate, --previous, --data and
--explain-structure check in one process as before.
"""
from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from .config import SEV_RANK, Config
from .errors import ReportError

PARALLEL_MIN = 32  # files in one call before a pool is worth its start (~0.3 s of one core)
PRELOAD = "reportnlp.checkwarm"  # what the worker server imports: it runs `warm` below
START_TIMEOUT = 60  # seconds the pool may take to start before this process checks every file itself


def failure(exc: BaseException) -> str:
    """The line for a file whose checking failed with something other than a ReportError."""
    if isinstance(exc, MemoryError):
        return "处理该文件所需内存过多，已跳过"
    return f"处理失败（程序内部错误 {type(exc).__name__}，请把该文件反馈给维护者）"


def workers_for(n_files: int, jobs: int, fmt: str, *, alone: bool) -> int:
    """How many worker processes help this process: 0 (check alone) for a short list, `-j 1`, a
    format that is drawn on this console or written as one page, options that need this process
    (`alone`), one core, or REPORTNLP_DEBUG (tracebacks); else `jobs` - 1 (0 = every core)."""
    from .report.formats import FORMATS

    chosen = FORMATS.get(fmt)
    if alone or chosen is None or chosen.render is None or os.environ.get("REPORTNLP_DEBUG"):
        return 0
    cores = jobs or os.cpu_count() or 1
    if cores < 2 or (not jobs and n_files < PARALLEL_MIN):
        return 0
    return cores - 1 if jobs == 0 else jobs - 1 if jobs > 1 else 0


def check_rendered(path: str, cfg: Config, fmt: str) -> tuple:
    """In a worker: ("rendered", text, worst severity rank) or ("error", line) for one file."""
    from . import api
    from .report.formats import FORMATS

    try:
        rep = api.check_file(path, config=cfg).analysis
    except ReportError as exc:
        return ("error", exc.message)
    except Exception as exc:  # noqa: BLE001 - one broken file must not stop the batch (MemoryError too)
        return ("error", failure(exc))
    render = FORMATS[fmt].render
    assert render is not None  # workers_for sends only formats that render
    worst = max((SEV_RANK.get(f.severity, 0) for f in rep.findings), default=-1)
    return ("rendered", render(rep), worst)


def _ready() -> None:
    """A task that does nothing: scheduling it starts the pool's workers."""


def warm() -> None:
    """Load in this process what checking the first file would (rules, lexicon, classifier, the
    .docx reader, the JSON writer): a short report of last year checked as .txt and as .docx.
    Never raises (a server that cannot warm up still serves workers, just slower)."""
    from datetime import date

    try:
        from .compare.work import warm_files

        with warm_files(date.today().year - 1) as paths:
            for path in paths:
                check_rendered(path, Config(), "json")
        from .segment.classifier import load_section_classifier

        load_section_classifier()  # loaded on the first heading the rules leave to it: a batch meets such reports
    except Exception:  # noqa: BLE001 - warming is an optimisation only
        pass
    import reportnlp.recache as recache

    recache.save()  # the server's new compiled patterns (its workers end without atexit handlers)


class _Split:
    """Which file is whose: this process takes the front, the pool the back, each under the lock,
    so no file is checked twice; the pool is kept `depth` files ahead of what it has finished.
    The pool starts on a thread of its own (its first workers wait for the warm server, ~0.3 s),
    so that this process checks its first files meanwhile."""

    def __init__(self, paths: list[str], pool: Any, cfg: Config, fmt: str, depth: int):
        self.paths, self.pool, self.cfg, self.fmt, self.depth = paths, pool, cfg, fmt, depth
        self.lock = threading.Lock()
        self.front, self.back = 0, len(paths)  # [front, back): nobody's yet
        self.futures: dict[int, Any] = {}
        self.open = 0  # the pool's files not finished
        self.started = False
        self.starter = threading.Thread(target=self._start, name="reportnlp-pool-start", daemon=True)
        self.starter.start()

    def _start(self) -> None:
        try:  # outside the lock: this waits for the workers
            self.pool.schedule(_ready).result(timeout=START_TIMEOUT)
        except Exception:  # noqa: BLE001 - no pool (or none in time): this process checks every file
            return
        with self.lock:
            self.started = True
            self._feed()

    def _feed(self) -> None:
        while self.started and self.open < self.depth and self.back > self.front + 1:
            self.back -= 1
            fut = self.pool.schedule(check_rendered, args=(self.paths[self.back], self.cfg, self.fmt))
            self.futures[self.back] = fut
            self.open += 1
            fut.add_done_callback(self._done)

    def _done(self, _fut: Any) -> None:
        with self.lock:
            self.open -= 1
            self._feed()

    def take(self, i: int) -> Any:
        """None: file `i` is this process's to check; else the pool's future of it."""
        with self.lock:
            if i < self.back:
                self.front = i + 1
                return None
            return self.futures[i]


def _result(fut: Any) -> tuple:
    from pebble import ProcessExpired

    try:
        return fut.result()
    except ProcessExpired:
        return ("error", "处理该文件时检查进程异常退出（可能超出内存上限），已跳过")
    except Exception as exc:  # noqa: BLE001 - e.g. a record that could not be sent back
        return ("error", failure(exc))


@contextmanager
def assigned(paths: list[str], cfg: Config, fmt: str, workers: int) -> Iterator[Iterator[tuple[str, tuple | None]]]:
    """(path, None) for each file this process is to check, (path, outcome) for a file the pool
    checked ("rendered", text, worst) or could not ("error", line); in file order."""
    if workers <= 0:
        yield ((p, None) for p in paths)
        return
    from .compare.run import start_server, worker_pool

    start_server(PRELOAD)
    with worker_pool(workers, preload=PRELOAD) as pool:
        split = _Split(paths, pool, cfg, fmt, depth=4 * workers)
        try:

            def gen() -> Iterator[tuple[str, tuple | None]]:
                for i, p in enumerate(paths):
                    fut = split.take(i)
                    yield p, None if fut is None else _result(fut)

            yield gen()
        finally:
            split.starter.join()  # the pool is stopped once it has started, never while it starts
