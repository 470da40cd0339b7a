"""Background jobs (batch comparisons): a queue worked by a few threads, polled by id."""
from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, Callable

from .service import BatchProgress
from .storage import Area, Workspace
from .uploads import WebError


@dataclass
class Job:
    area: Area
    state: str = "queued"  # queued | running | done | failed
    progress: BatchProgress = field(default_factory=BatchProgress)
    result: dict[str, Any] | None = None
    error: str | None = None
    started: float | None = None

    @property
    def id(self) -> str:
        return self.area.id


class JobStore:
    def __init__(self, workspace: Workspace, workers: int = 1):
        self.workspace = workspace
        self._jobs: dict[str, Job] = {}
        self._lock = threading.Lock()
        self._pool = ThreadPoolExecutor(max_workers=max(1, workers), thread_name_prefix="reportnlp-job")

    def submit(self, area: Area, fn: Callable[[Job], dict]) -> Job:
        job = Job(area=area)
        area.busy = True
        with self._lock:
            self._jobs[area.id] = job
        self._pool.submit(self._run, job, fn)
        return job

    def _run(self, job: Job, fn) -> None:
        job.state, job.started = "running", time.time()
        try:
            job.result = fn(job)
            job.state = "done"
        except WebError as exc:
            job.error, job.state = exc.message, "failed"
        except Exception as exc:  # noqa: BLE001 - the user sees one line, the server keeps running
            job.error, job.state = f"处理失败（{type(exc).__name__}）", "failed"
        finally:
            job.area.drop_inputs()  # uploads go as soon as the work is done
            job.area.created = time.time()  # results are kept for keep_seconds from now
            job.area.busy = False

    def get(self, job_id: str) -> Job | None:
        if self.workspace.get(job_id) is None:
            with self._lock:
                self._jobs.pop(job_id, None)
            return None
        with self._lock:
            return self._jobs.get(job_id)

    def purge(self) -> None:
        """Forget jobs whose folder was swept."""
        with self._lock:
            ids = list(self._jobs)
        for job_id in ids:
            self.get(job_id)

    def queued_before(self, job: Job) -> int:
        with self._lock:
            return sum(1 for j in self._jobs.values() if j.state == "queued" and j.area.created < job.area.created)

    def close(self) -> None:
        """Stop: queued jobs are dropped, running ones end after their current file."""
        with self._lock:
            for job in self._jobs.values():
                job.progress.cancelled = True
        self._pool.shutdown(wait=False, cancel_futures=True)
