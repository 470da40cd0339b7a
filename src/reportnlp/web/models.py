"""Response models of the JSON API: what the OpenAPI page (/docs) documents for each answer."""
from __future__ import annotations

from typing import Any, Optional

from pydantic import BaseModel, Field


class ErrorMessage(BaseModel):
    error: str = Field(description="给用户看的中文说明（一行）")


class CheckResult(BaseModel):
    id: str = Field(description="本次结果的编号（不可猜测；结果文件到期自动删除）")
    file: str = Field(description="上传时的文件名")
    counts: dict[str, int] = Field(description="按级别统计的问题数：error / warning / info")
    missing: list[str] = Field(description="缺少的法定部分（中文名称）")
    links: dict[str, str] = Field(description="下载地址：view（HTML 审阅视图）、annotated（批注版 .docx）、json")
    notes: list[str] = Field(description="附带说明（如批注版无法生成的原因）")
    expires_in: int = Field(description="结果文件保留的秒数")
    report: dict[str, Any] = Field(description="与 `reportnlp check --format json` 相同的对象（CHECK_JSON.md）")


class Suggestion(BaseModel):
    part: str
    part_name: str
    heading: str
    text: str


class SuggestResult(BaseModel):
    id: str
    file: str
    org: Optional[str]
    year: Optional[int]
    status: str = Field(description="一句说明：缺几个部分；或法定部分齐全；或此类文件不适用法定部分")
    suggestions: list[Suggestion]
    links: dict[str, str] = Field(description="annotated：把建议段落作为批注写入的 Word 副本（有建议时）")
    expires_in: int


class DraftResult(BaseModel):
    id: str
    org: str
    year: int
    numbers: int = Field(description="草稿中可追溯到数据的数字个数")
    notes: list[str]
    text: str = Field(description="草稿全文（纯文本）")
    links: dict[str, str] = Field(description="docx：草稿；trace：每个数字的数据来源")
    expires_in: int


class JobStatus(BaseModel):
    id: str
    state: str = Field(description="queued | running | done | failed")
    total: int
    done: int
    waiting: int = Field(description="排在前面的任务数")
    error: Optional[str]
    result: Optional[dict[str, Any]] = Field(description="完成后的汇总：报告数、未读文件、缺第一责任人部分、异常值、疑似复制")
    links: dict[str, str] = Field(description="完成后：dashboard（比较看板）、summary（summary.xlsx）")
    expires_in: int


ERRORS: dict[int | str, dict[str, Any]] = {c: {"model": ErrorMessage} for c in (400, 413, 415, 422)}
NOT_FOUND: dict[int | str, dict[str, Any]] = {404: {"model": ErrorMessage}}
