"""Run a batch: collect files, check them in parallel (processes or Dask), write the outputs."""
from __future__ import annotations

import glob
import os
from concurrent.futures import ProcessPoolExecutor, as_completed

from .work import work

EXTS = (".docx", ".txt", ".doc", ".wps")


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


def run_local(files, jobs: int, progress=None) -> list[dict]:
    results = {}
    if jobs <= 1:
        for f in files:
            results[f] = work(f)
            if progress:
                progress()
    else:
        with ProcessPoolExecutor(max_workers=jobs) as ex:
            futs = {ex.submit(work, f): f for f in files}
            for fut in as_completed(futs):
                results[futs[fut]] = fut.result()
                if progress:
                    progress()
    return [results[f] for f in files]


def run_dask(files, scheduler: str | None, progress=None, client=None) -> list[dict]:
    try:
        from dask.distributed import Client, as_completed as das_completed
    except ImportError as exc:
        raise RuntimeError("--engine dask 需要安装 dask[distributed]：pip install 'reportnlp[dask]'") from exc
    own = client is None
    client = client or Client(scheduler)
    try:
        futs = client.map(work, files, pure=False)
        index = {f.key: i for i, f in enumerate(futs)}
        results = [None] * len(files)
        for fut in das_completed(futs):
            results[index[fut.key]] = fut.result()
            if progress:
                progress()
        return results
    finally:
        if own:
            client.close()
