"""The one domain data root: every fact of the field lives once, in a schema-checked file here.

`domain/data/<name>.yaml` holds the facts (each entry with its `source`), `domain/schemas/<name>.json`
the JSON Schema it must satisfy. `load(name)` parses a file once per process (and once per content on
disk, through `resources.load_yaml`'s cache), validates it unless exactly these bytes passed exactly
this schema before (noted in the same cache), and raises DomainDataError naming the file and line of a
bad entry. Code reads facts through this module or the typed views
beside it (`domain.parts`, `domain.units`); no module keeps a second copy.

This package sits at the bottom of the layers: it imports nothing from reportnlp but `errors`,
`resources` and `_version`.
"""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..errors import ReportError

DATA_DIR = Path(__file__).resolve().parent / "data"
SCHEMA_DIR = Path(__file__).resolve().parent / "schemas"


class DomainDataError(ReportError):
    """A domain data file breaks its schema: the message names file, line and what is wrong."""


def data_path(name: str) -> Path:
    """The file behind `name` (`parts`, `calendar/laws` …)."""
    return DATA_DIR / f"{name}.yaml"


def schema_path(name: str) -> Path:
    """The JSON Schema the file behind `name` is validated against."""
    return SCHEMA_DIR / f"{name.replace('/', '.')}.json"


def names() -> list[str]:
    """Every domain data file, as `load` names it."""
    return sorted(str(p.relative_to(DATA_DIR).with_suffix("")) for p in DATA_DIR.rglob("*.yaml"))


@lru_cache(maxsize=None)
def _validator(name: str):
    import fastjsonschema

    path = schema_path(name)
    if not path.is_file():
        raise DomainDataError(f"领域数据文件 {data_path(name).name} 没有对应的结构定义（{path.name}）")
    return fastjsonschema.compile(json.loads(path.read_text(encoding="utf-8")))


def _line_of(name: str, err_path: list[str | int]) -> int | None:
    """The 1-based line of the YAML node at `err_path` (keys and indexes), best effort."""
    import yaml

    try:
        node = yaml.compose(data_path(name).read_text(encoding="utf-8"))
    except yaml.YAMLError:
        return None
    line = node.start_mark.line + 1 if node is not None else None
    for step in err_path:
        if node is None:
            break
        if isinstance(node, yaml.MappingNode):
            nxt = None
            for k, v in node.value:
                if k.value == step:
                    nxt = v
                    line = k.start_mark.line + 1
                    break
            node = nxt
        elif isinstance(node, yaml.SequenceNode) and isinstance(step, int) and step < len(node.value):
            node = node.value[step]
            line = node.start_mark.line + 1
        else:
            break
    return line


def validate(name: str, value: Any) -> Any:
    """Check `value` (the parsed file `name`) against its schema; DomainDataError names file and line."""
    import fastjsonschema

    try:
        return _validator(name)(value)
    except fastjsonschema.JsonSchemaValueException as exc:
        # exc.path: ['data', key, index, ...]
        path: list[str | int] = [int(p) if isinstance(p, str) and p.isdigit() else p for p in (exc.path or [])[1:]]
        line = _line_of(name, path)
        where = f"{data_path(name).relative_to(DATA_DIR.parent.parent)}" + (f" 第{line}行" if line else "")
        raise DomainDataError(f"{where}：{exc.message}") from None


def _passed_mark(name: str, path: Path) -> Path | None:
    """Where a passed validation of exactly this data file under exactly this schema is noted: an
    empty file in the data cache named by the hash of both files' bytes (and the reportnlp version).
    Compiling the schemas costs a cold check more than reading the report; a file whose bytes
    have not changed since they passed needs no second validation, and any change to the data
    or its schema is another name, so it is validated again. None without a cache."""
    from .._version import __version__
    from ..resources import cache_dir, content_hash

    folder = cache_dir()
    if folder is None:
        return None
    try:
        h = content_hash()
        for part in (__version__.encode(), schema_path(name).read_bytes(), path.read_bytes()):
            h.update(len(part).to_bytes(8, "little"))
            h.update(part)
    except OSError:
        return None
    return folder / f"valid-{name.replace('/', '.')}-{h.hexdigest()[:32]}"


@lru_cache(maxsize=None)
def load(name: str) -> Any:
    """The validated content of `domain/data/<name>.yaml`, parsed once per process."""
    from ..resources import load_yaml

    path = data_path(name)
    if not path.is_file():
        raise DomainDataError(f"找不到领域数据文件 {path.name}")
    try:
        value = load_yaml(path)
    except Exception as exc:  # a YAML syntax error names its own line
        raise DomainDataError(f"{path.name}：无法解析（{exc}）") from None
    mark = _passed_mark(name, path)
    if mark is not None and mark.is_file():
        return value
    value = validate(name, value)
    if mark is not None:
        try:
            mark.parent.mkdir(parents=True, exist_ok=True)
            mark.touch()
            for old in mark.parent.glob(mark.name.rsplit("-", 1)[0] + "-*"):  # marks of earlier contents
                if old.name != mark.name:
                    old.unlink(missing_ok=True)
        except OSError:  # a read-only cache: validated again next time
            pass
    return value
