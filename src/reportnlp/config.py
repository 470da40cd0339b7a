"""Options of a check, shared by the Python API and the command line (which only fills them in)."""
from __future__ import annotations

import os
from dataclasses import dataclass, field

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
    import re

    m = re.search(r"\(at line (\d+), column (\d+)\)", str(exc))
    where = f"第{m.group(1)}行第{m.group(2)}列" if m else "位置不明"
    return f"TOML 语法错误（{where}：{re.sub(r' *[(]at (?:line|end of document).*$', '', str(exc))}），请改正后再运行"


def _config_error(path: str, msg: str):
    from .errors import ReportError

    return ReportError(msg, path=path)


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
                    return data.get("tool", {}).get("reportnlp", data)
                if "reportnlp" in data.get("tool", {}):
                    return data["tool"]["reportnlp"]
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
