"""Run a batch: collect files, check them in parallel (processes or Dask), write the outputs."""
from __future__ import annotations

import contextlib
import glob
import os
import sys

EXTS = (".docx", ".txt", ".doc", ".wps")


def lock_folder(folder: str):
    """Hold `folder/.reportnlp.lock` for the rest of the process; ReportError when another
    `compare` holds it (two runs into one folder would write the same files)."""
    from ..errors import ReportError

    fh = open(os.path.join(folder, ".reportnlp.lock"), "a+")
    try:
        try:
            import fcntl

            fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except ImportError:  # Windows
            import msvcrt

            msvcrt.locking(fh.fileno(), msvcrt.LK_NBLCK, 1)  # type: ignore[attr-defined]  # Windows only
    except OSError:
        fh.close()
        raise ReportError("另一个 compare 正在向该输出文件夹写入结果，请等它结束后再运行，或用 -o 换一个文件夹",
                          path=folder) from None
    return fh


def open_output(output: str, files: list[str]):
    """Ready the output folder of a batch before any work: not a file, none of its outputs an
    input (links resolved), no other compare writing into it, results.duckdb ours and not locked.
    Returns (lock, connection); keep the lock until the outputs are written."""
    from ..errors import ReportError
    from ..outpath import guard_output
    from . import store

    if os.path.exists(output) and not os.path.isdir(output):
        raise ReportError("输出路径是一个已存在的文件，-o 需要一个文件夹", path=output)
    try:
        os.makedirs(output, exist_ok=True)
    except OSError as exc:
        raise ReportError(f"无法创建输出文件夹（{exc.strerror or exc}）", path=output) from None
    for name in ("results.duckdb", "summary.xlsx", "index.html"):
        guard_output(os.path.join(output, name), files, force=True)
    db = os.path.join(output, "results.duckdb")
    if os.path.exists(db):
        store.connect(db, read_only=True, allow_empty=True).close()  # another program's file: refused, no lock left beside it
    lock = lock_folder(output)
    try:
        return lock, store.connect(os.path.join(output, "results.duckdb"))
    except BaseException:
        lock.close()
        raise


def collect(inputs: list[str]) -> list[str]:
    files = []
    for item in inputs:
        if os.path.isdir(item):
            for root, _dirs, names in os.walk(item):
                files += [os.path.join(root, n) for n in sorted(names) if n.lower().endswith(EXTS)]
        else:
            matches = sorted(glob.glob(item))
            files += matches if matches else [item]  # a missing path is reported as unreadable
    seen, out = set(), []
    for f in files:
        if f not in seen:
            seen.add(f)
            out.append(f)
    return out


FILE_TIMEOUT = 120  # seconds one file may take in `compare` (docs/GUARANTEES.md)
FILE_MEMORY_MB = 2048  # address space one file's worker may use (Linux/macOS)


MAX_TASKS = 200  # files one worker checks before it is replaced (bounds any slow leak)
# how often pebble's manager thread looks at its workers and deadlines (its default, 0.1 s, is
# also how long stopping a pool waits for that thread: up to a tenth of a second at the end of
# every batch, a tenth of a 240-file check); each look is a few microseconds
POLL_SECONDS = 0.02


PRELOAD = "reportnlp.compare.preload"  # what compare's worker server imports (it warms every resource)


def _limit_memory(memory_mb, preload: str = PRELOAD):
    """Worker initializer: cap the worker's address space (Linux/macOS; no `resource` on Windows:
    the time limit only), then make sure every resource is loaded by importing the `preload`
    module that warms them (a no-op when the worker was forked from the server that imported it)."""
    if memory_mb:
        try:
            import resource

            cap = memory_mb * 1024 * 1024
            soft, hard = resource.getrlimit(resource.RLIMIT_AS)
            if hard == resource.RLIM_INFINITY or hard > cap:
                resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
        except (ImportError, ValueError, OSError):
            pass
    import importlib

    importlib.import_module(preload)


_MEMORY_EXIT = 86  # exit code of a worker that ran out of its address space


def check_file(path: str) -> dict:
    """The per-file work of a batch (`compare.work.work`), imported where it runs: the process
    that hands out the files and stores the records does not load the checker (its workers fork
    from the server that has)."""
    from .work import work

    return work(path)


def _limited(fn, path, memory_mb):
    """One file in a worker: `fn(path)`. A file that runs the worker out of memory ends the
    worker (it is replaced by a fresh one, so no later file inherits a fragmented heap near the
    cap); the pool lists the file as over the memory limit."""
    try:
        return fn(path)
    except MemoryError:
        os._exit(_MEMORY_EXIT)
    except Exception as exc:  # noqa: BLE001 - the record says what went wrong
        return {"file": path, "error": f"处理失败（{type(exc).__name__}）"}


@contextlib.contextmanager
def _main_not_reimported():
    """While worker processes start: no `__main__` for spawn or the forkserver to import.

    Their work (`_limited_child`, `work`) lives in reportnlp, never in the caller's script; but
    spawn and forkserver re-run the calling script in each new process to rebuild `__main__`, so a
    plain script calling `reportnlp.compare(...)` without an `if __name__ == "__main__":` guard would
    run (and call compare) again in every worker. Hiding the script's path and module spec for the
    moment of the start is what `python -c` callers get anyway."""
    main = sys.modules.get("__main__")
    if main is None:
        yield
        return
    saved = {k: main.__dict__[k] for k in ("__file__", "__spec__") if k in main.__dict__}
    try:
        main.__dict__.pop("__file__", None)
        main.__spec__ = None
        yield
    finally:
        main.__dict__.pop("__spec__", None)
        main.__dict__.update(saved)


def _context(preload: str = PRELOAD):
    import multiprocessing as mp

    if "forkserver" in mp.get_all_start_methods():
        ctx = mp.get_context("forkserver")
        # the server imports the pipeline and loads its resources once; every worker forks from it warm
        ctx.set_forkserver_preload([preload])
        return ctx
    return mp.get_context("spawn")


def start_server(preload: str = PRELOAD) -> None:
    """Start the worker server now (it imports `preload`, which loads every resource, ~0.4 s, on
    its own core) so that it is ready when the pool forks the first worker, instead of the batch
    waiting for it after opening its outputs. A no-op where workers are spawned. One server a
    process: a command uses one preload."""
    ctx = _context(preload)
    if ctx.get_start_method() == "forkserver":
        from multiprocessing import forkserver

        with _main_not_reimported():
            forkserver.ensure_running()


@contextlib.contextmanager
def worker_pool(workers: int, memory_mb: int | None = FILE_MEMORY_MB, preload: str = PRELOAD):
    """A pebble ProcessPool of `workers` warm worker processes (forked from a server that imported
    `preload`, which loaded every resource once), each capped at `memory_mb` and replaced after
    MAX_TASKS tasks; a task scheduled with a timeout is stopped (its worker replaced) when it runs
    past it. Stopped on exit."""
    from pebble import CONSTS, ProcessPool

    CONSTS.sleep_unit = min(CONSTS.sleep_unit, POLL_SECONDS)

    # workers start (and are replaced) at any time while the pool runs: the caller's script stays
    # hidden from them for the pool's whole life
    with _main_not_reimported():
        pool = ProcessPool(max_workers=max(1, workers), max_tasks=MAX_TASKS, initializer=_limit_memory,
                           initargs=(memory_mb, preload), context=_context(preload))
        try:
            yield pool
        finally:
            pool.stop()
            pool.join()


def run_local(files, jobs: int, progress=None, timeout: float | None = FILE_TIMEOUT,
              memory_mb: int | None = FILE_MEMORY_MB, fn=check_file, on_record=None) -> list[dict]:
    """Check files on `jobs` long-lived worker processes that load every resource once; each
    file is one task with its own limits: a file that runs past `timeout` seconds or `memory_mb`
    of memory is stopped (its worker replaced) and listed as unreadable while the batch goes on.
    `on_record(rec)` is called in this thread as each file's record arrives (e.g. to store it
    while the workers check the next files)."""
    from concurrent.futures import TimeoutError as FutureTimeout
    from concurrent.futures import as_completed

    from pebble import ProcessExpired

    results: list = [None] * len(files)
    if not files:
        return results
    jobs = max(1, min(jobs, len(files)))
    with worker_pool(jobs, memory_mb) as pool:
        futures = {pool.schedule(_limited, args=(fn, f, memory_mb), timeout=timeout or None): (i, f)
                   for i, f in enumerate(files)}
        for fut in as_completed(futures):
            i, f = futures[fut]
            try:
                rec = fut.result()
            except FutureTimeout:
                rec = {"file": f, "error": f"处理超时（超过 {timeout:g} 秒），已跳过"}
            except ProcessExpired as exc:  # the worker ended without an answer (out of memory, killed)
                if exc.exitcode == _MEMORY_EXIT:
                    rec = {"file": f, "error": f"处理该文件所需内存超过上限（{memory_mb} MB），已跳过"}
                else:
                    rec = {"file": f, "error": f"处理该文件时检查进程异常退出（可能超出内存上限 {memory_mb} MB），已跳过"}
            except Exception as exc:  # noqa: BLE001 - e.g. a record that could not be sent back
                rec = {"file": f, "error": f"处理失败（{type(exc).__name__}）"}
            results[i] = rec
            if on_record:
                on_record(rec)
            if progress:
                progress()
    return results


def run_dask(files, scheduler: str | None, progress=None, client=None, on_record=None) -> list[dict]:
    """Check files on a Dask cluster (`scheduler`, or `client`); `on_record(rec)` as in run_local."""
    try:
        from dask.distributed import Client, as_completed as das_completed
    except ImportError as exc:
        raise RuntimeError("--engine dask 需要安装 dask[distributed]：pip install 'reportnlp[dask]'") from exc
    own = client is None
    client = client or Client(scheduler)
    try:
        from .work import warm, work

        client.run(warm)  # each worker loads the resources once, before its first file
        futs = client.map(work, files, pure=False)
        index = {f.key: i for i, f in enumerate(futs)}
        results: list[dict] = [{} for _ in files]  # each filled in file order as its future ends
        for fut in das_completed(futs):
            results[index[fut.key]] = rec = fut.result()
            if on_record:
                on_record(rec)
            if progress:
                progress()
        return results
    finally:
        if own:
            client.close()
