"""Helpers of the benchmarks: run a command and measure wall time, CPU time and peak memory of its process tree."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SRC = os.path.join(ROOT, "src")


PYCACHE = os.path.join(tempfile.gettempdir(), "reportnlp-bench-pycache")


def env(src: str | None = None) -> dict:
    """The environment of measured commands: this checkout's src/ (or `src`) first, and bytecode cached
    as after `pip install` (a session that sets PYTHONDONTWRITEBYTECODE would otherwise recompile every
    module of the project on every start; the cache lives outside the tree)."""
    e = dict(os.environ)
    e["PYTHONPATH"] = (src or SRC) + (os.pathsep + e["PYTHONPATH"] if e.get("PYTHONPATH") else "")
    e.pop("PYTHONDONTWRITEBYTECODE", None)
    e["PYTHONPYCACHEPREFIX"] = PYCACHE
    return e


def reportnlp_cmd() -> list[str]:
    """The `reportnlp` command of this checkout (its console script runs `reportnlp._entry:main`, as this does)."""
    return [sys.executable, "-m", "reportnlp"]


class Run:
    def __init__(self, wall: float, cpu: float, peak_rss: int, tree_rss: int, code: int, busy: float | None = None):
        self.wall, self.cpu, self.peak_rss, self.tree_rss, self.code = wall, cpu, peak_rss, tree_rss, code
        self.busy = busy  # cores the whole machine kept busy on average during the run (None without /proc/stat)


def _cpu_ticks() -> tuple[int, int] | None:
    """(busy, total) jiffies of the whole machine so far (Linux /proc/stat); None elsewhere."""
    try:
        with open("/proc/stat") as fh:
            v = [int(x) for x in fh.readline().split()[1:9]]
    except OSError:
        return None
    return sum(v) - v[3] - v[4], sum(v)  # all but idle and iowait, all


def _tree_rss(pid: int) -> int:
    try:
        import psutil
    except ImportError:  # pragma: no cover - psutil is optional
        return 0
    try:
        p = psutil.Process(pid)
        procs = [p] + p.children(recursive=True)
    except psutil.Error:
        return 0
    total = 0
    for q in procs:
        try:
            total += q.memory_info().rss
        except psutil.Error:
            pass
    return total


_NEUTRAL: list[str] = []


def neutral_dir() -> str:
    """An empty folder outside the checkout, where the measured commands run as in a user's folder
    of reports: in the checkout, a check would find this project's pyproject.toml above it and parse
    it as a possible configuration (tomllib, ~4 ms) on every start."""
    if not _NEUTRAL:
        _NEUTRAL.append(tempfile.mkdtemp(prefix="reportnlp-bench-cwd-"))
    return _NEUTRAL[0]


def run(cmd: list[str], cwd: str | None = None, sample_tree: bool = False, src: str | None = None) -> Run:
    """One run of `cmd` (in `cwd`, else `neutral_dir()`; give files by absolute path): wall time, CPU
    time (user+sys of it and its children), peak RSS of the largest process (wait4), the cores the
    machine kept busy on average meanwhile, and with `sample_tree` the peak of the sum of RSS over
    the process tree (psutil)."""
    ticks0 = _cpu_ticks()
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd or neutral_dir(), env=env(os.path.join(src, "src") if src else None), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak_tree = [0]
    stop = threading.Event()

    def sample():
        while not stop.is_set():
            peak_tree[0] = max(peak_tree[0], _tree_rss(proc.pid))
            stop.wait(0.05)

    th = threading.Thread(target=sample, daemon=True) if sample_tree else None
    if th:
        th.start()
    _pid, status, ru = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    ticks1 = _cpu_ticks()
    stop.set()
    if th:
        th.join()
    proc.returncode = os.waitstatus_to_exitcode(status)
    busy = None
    if ticks0 and ticks1 and ticks1[1] > ticks0[1]:
        busy = (ticks1[0] - ticks0[0]) / (ticks1[1] - ticks0[1]) * (os.cpu_count() or 1)
    return Run(wall, ru.ru_utime + ru.ru_stime, ru.ru_maxrss * 1024, peak_tree[0], proc.returncode, busy)


def best(cmd: list[str], repeat: int, **kw) -> Run:
    """The fastest of `repeat` runs (the least disturbed by other load on the machine), after one warm-up."""
    run(cmd, **kw)
    runs = [run(cmd, **kw) for _ in range(repeat)]
    return min(runs, key=lambda r: r.wall)


def busy_cores(seconds: float = 2.0) -> float | None:
    """How many cores the rest of the machine keeps busy (Linux /proc/stat over `seconds`, while this
    benchmark itself waits); None where /proc/stat is missing."""
    def sample():
        with open("/proc/stat") as fh:
            v = [int(x) for x in fh.readline().split()[1:9]]
        return v[3] + v[4], sum(v)  # idle + iowait, total
    try:
        i0, t0 = sample()
        time.sleep(seconds)
        i1, t1 = sample()
    except OSError:
        return None
    return (1 - (i1 - i0) / max(1, t1 - t0)) * (os.cpu_count() or 1)


def sharing_note() -> str:
    """One line on what the other load means for a parallel figure."""
    busy = busy_cores()
    if busy is None:
        return ""
    auto = ""
    try:
        with open("/proc/sys/kernel/sched_autogroup_enabled") as fh:
            if fh.read().strip() == "1":
                auto = ("; the kernel shares the cores equally between sessions (autogroup), so while another "
                        "session keeps a core busy two workers get one core between them and cannot beat one")
    except OSError:
        pass
    return f"other processes kept {busy:.1f} of {os.cpu_count()} cores busy just before the runs{auto}"


def mb(n: int) -> str:
    return f"{n / 1024 / 1024:,.0f} MB"


def have(name: str) -> bool:
    return shutil.which(name) is not None
