"""Batch comparison: upload many reports (or .zip archives), follow the job, open its dashboard."""
from __future__ import annotations

import os
from typing import Annotated, Optional

from fastapi import APIRouter, Depends, File, Form, UploadFile

from . import service
from .deps import Web, serve_file, web_state
from .jobs import Job
from .models import ERRORS, NOT_FOUND, JobStatus
from .security import BATCH_PATH
from .settings import DATA_EXTS, MB, REPORT_EXTS
from .storage import Area
from .uploads import WebError, display_name, extract_zip, is_archive, save_upload

router = APIRouter()
State = Annotated[Web, Depends(web_state)]


@router.post(BATCH_PATH, response_model=JobStatus, status_code=202, responses=ERRORS, tags=["批量比较"],
             summary="批量比较多份报告（可上传 .zip）：返回任务编号，用 /api/jobs/{id} 查询进度")
def api_compare(w: State,
                files: Annotated[list[UploadFile], File(description="多份报告和/或 .zip 压缩包")],
                data: Annotated[Optional[UploadFile], File(description="各单位统计数据（可选，用于人均等比率）")] = None,
                outlier_z: Annotated[float, Form(description="异常值的稳健Z值阈值", gt=0, le=50)] = 3.5):
    s = w.settings
    if len(files) > s.max_files:
        raise WebError(f"一次最多上传 {s.max_files} 个文件（本次 {len(files)} 个）", 413)
    area = w.workspace.new_area()
    try:
        ups, notes = batch_inputs(w, area, files)
        # a bad data sheet is said now, not after the whole batch has been queued
        rows = service.load_sheet(w.take_optional(area, data, DATA_EXTS, "数据表格式"))
    except BaseException:
        w.workspace.remove(area)
        raise

    def run(job: Job) -> dict:
        job.progress.notes = notes
        res = service.compare_batch(ups, area.out_dir, job.progress, rows, outlier_z, s.job_seconds)
        area.names.update({"index.html": "index.html", "summary.xlsx": "summary.xlsx"})
        return res

    job = w.jobs.submit(area, run)
    job.progress.total = len(ups)
    return status(w, job)


@router.get("/api/jobs/{job_id}", response_model=JobStatus, responses=NOT_FOUND, tags=["批量比较"],
            summary="任务进度与结果")
def api_job(w: State, job_id: str):
    return status(w, find_job(w, job_id))


@router.get("/api/jobs/{job_id}/files/{name:path}", include_in_schema=True, tags=["批量比较"],
            responses=NOT_FOUND, summary="比较看板（index.html、reports/…）与 summary.xlsx")
def api_job_file(w: State, job_id: str, name: str):
    job = find_job(w, job_id)
    if job.state != "done":
        raise WebError("任务尚未完成", 404)
    path = job.area.result(name)
    if path is None or not (name in ("index.html", "summary.xlsx") or
                            (name.startswith("reports/") and name.endswith(".html"))):
        raise WebError("没有这个结果文件（可能已过期删除）", 404)
    return serve_file(path, os.path.basename(name))


def batch_inputs(w: Web, area: Area, files: list[UploadFile]) -> tuple[list[service.Upload], list[str]]:
    """The reports of a batch upload (archives unpacked), and notes about what was skipped."""
    s = w.settings
    ups: list[service.Upload] = []
    notes: list[str] = []
    budget = [s.max_unzipped_mb * MB]
    for up in files:
        name = display_name(up.filename)
        if is_archive(name):
            z = area.new_input(".zip")
            save_upload(up.file, z, name, s.max_batch_mb * MB)
            entries, skipped = extract_zip(z, name, area.new_input, s, budget)
            os.unlink(z)
            ups += [service.Upload(e.path, e.display) for e in entries]
            notes += skipped
        elif os.path.splitext(name)[1].lower() in REPORT_EXTS:
            path = area.new_input(os.path.splitext(name)[1].lower())
            try:
                save_upload(up.file, path, name, s.max_file_mb * MB)
            except WebError as exc:
                if exc.status == 413:
                    raise
                notes.append(f"{name}：空文件，已跳过")
                continue
            ups.append(service.Upload(path, name))
        else:
            notes.append(f"{name}：不是报告文件或 zip 压缩包，已跳过")
        if len(ups) > s.max_files:
            raise WebError(f"一次最多比较 {s.max_files} 份报告（含压缩包中的文件）", 413)
    if not ups:
        raise WebError("没有可检查的报告文件（支持 " + "、".join(REPORT_EXTS) + " 和 .zip）" +
                       ("：" + "；".join(notes[:5]) if notes else ""))
    return ups, notes


def find_job(w: Web, job_id: str) -> Job:
    job = w.jobs.get(job_id)
    if job is None:
        raise WebError("任务不存在或已过期删除", 404)
    return job


def status(w: Web, job: Job) -> dict:
    lk = {}
    if job.state == "done":
        lk = {"dashboard": f"/api/jobs/{job.id}/files/index.html", "summary": f"/api/jobs/{job.id}/files/summary.xlsx"}
    return {"id": job.id, "state": job.state, "total": job.progress.total, "done": job.progress.done,
            "waiting": w.jobs.queued_before(job) if job.state == "queued" else 0,
            "error": job.error, "result": job.result, "links": lk, "expires_in": w.settings.keep_seconds}
