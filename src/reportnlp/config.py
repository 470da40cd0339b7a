"""Options of a check, shared by the Python API and the command line (which only fills them in)."""
from __future__ import annotations

import os
from dataclasses import dataclass, field

import reportnlp.recache as recache

SEV_RANK = {"info": 0, "warning": 1, "error": 2}


@dataclass
class Config:
    """What a check runs and how it is judged.

    select / ignore: rule codes or names (prefixes: ``RN2``, ``sum-``); year: the report year when
    the text does not say it (or says it wrongly); fail_on: the severity that makes the command
    exit 1; data_org: the bureau's name as the data spells it; show_unmatched: list figures no
    data row covers (RN404).
    """

    select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    year: int | None = None
    fail_on: str = "error"
    data_org: str | None = None
    show_unmatched: bool = False
    previous: object = None  # last year's analysed report (check --previous), for the stated changes (RN208)


def _toml_reason(exc) -> str:
    """第3行第5列 from tomllib's "(at line 3, column 5)" (Python 3.11 has no lineno attribute)."""

    m = recache.search(r"\(at line (\d+), column (\d+)\)", str(exc))
    where = f"第{m.group(1)}行第{m.group(2)}列" if m else "位置不明"
    return f"TOML 语法错误（{where}：{recache.sub(r' *[(]at (?:line|end of document).*$', '', str(exc))}），请改正后再运行"


def _config_error(path: str, msg: str):
    from .errors import ReportError

    return ReportError(msg, path=path)


def _checked(proj, path: str, raw: bytes) -> dict:
    """The settings as `check` reads them; a value of the wrong kind (`select = "RN201"`, which
    would be read letter by letter) is a ReportError naming the file and the key's line."""
    import re

    def where(key: str) -> str:
        for n, line in enumerate(raw.decode("utf-8").splitlines(), start=1):
            if recache.match(rf"\s*\"?{re.escape(key)}\"?\s*=|\s*\[(?:tool\.reportnlp\.)?{re.escape(key)}\]", line):
                return f"第{n}行"
        return ""

    if not isinstance(proj, dict):
        raise _config_error(path, "[tool.reportnlp] 应为一个表")
    for key in ("select", "ignore"):
        v = proj.get(key)
        if v is not None and not (isinstance(v, list) and all(isinstance(x, str) for x in v)):
            raise _config_error(path, f"{where(key)} {key} 应为规则代码或名称的列表，如 {key} = [\"RN307\"]".strip())
    for key in ("fail-on", "fail_on"):
        v = proj.get(key)
        if v is not None and v not in SEV_RANK:
            raise _config_error(path, f"{where(key)} {key} 应为 \"error\"、\"warning\" 或 \"info\"".strip())
    if "metrics" in proj and not isinstance(proj["metrics"], dict):
        raise _config_error(path, f"{where('metrics')} metrics 应为一节 [metrics]，如 中心组学法 = \"学法次数\"".strip())
    return proj


def load_project_config(start: str = ".") -> dict:
    """`reportnlp.toml` or `[tool.reportnlp]` in pyproject.toml, searched upwards from `start`.

    ReportError (naming the file and the line) when the file that applies cannot be parsed: a
    broken config is never silently ignored."""
    d = os.path.abspath(start)
    while True:
        for name in ("reportnlp.toml", "pyproject.toml"):
            p = os.path.join(d, name)
            if os.path.isfile(p):
                try:
                    with open(p, "rb") as fh:
                        raw = fh.read()
                except OSError:
                    continue
                if name == "pyproject.toml" and b"reportnlp" not in raw:
                    continue  # another project's file: no need to parse it
                import tomllib

                try:
                    data = tomllib.loads(raw.decode("utf-8"))
                except UnicodeDecodeError:
                    raise _config_error(p, "不是 UTF-8 编码的文本，无法读取") from None
                except tomllib.TOMLDecodeError as exc:
                    raise _config_error(p, _toml_reason(exc)) from None
                if name == "reportnlp.toml":
                    return _checked(data.get("tool", {}).get("reportnlp", data), p, raw)
                if "reportnlp" in data.get("tool", {}):
                    return _checked(data["tool"]["reportnlp"], p, raw)
        parent = os.path.dirname(d)
        if parent == d:
            return {}
        d = parent

def metric_aliases(proj: dict | None = None) -> dict:
    """The user's own names for catalogue metrics: `[metrics]` in reportnlp.toml, either
    `aliases = {"中心组学法" = "学法次数"}` or `中心组学法 = "study_sessions"` directly."""
    m = (load_project_config() if proj is None else proj).get("metrics", {})
    if not isinstance(m, dict):
        return {}
    src = m.get("aliases", m) if isinstance(m.get("aliases", None), dict) else m
    return {str(k): str(v) for k, v in src.items() if isinstance(v, str)}
