"""Each domain fact lives once, in domain/data/: no module of src/ keeps its own copy of the
statutory part names or of a unit list (a grep over the source, by the names in the data files)."""
import ast
from pathlib import Path

from reportnlp.domain import parts
from reportnlp.numbers import units

SRC = Path(__file__).resolve().parents[1] / "src" / "reportnlp"


def _py_files():
    return [p for p in SRC.rglob("*.py")]


def _strings(tree):
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            yield node, node.value


def test_no_second_copy_of_the_part_names():
    names = set()
    for p in parts.all_parts():
        names |= {p.title, p.short, p.missing_name, p.draft_title}
    names = {n for n in names if len(n) >= 6}
    found = []
    for path in _py_files():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node, s in _strings(tree):
            for n in names:
                if n in s and not s.startswith(("\n", " ")) and node.col_offset is not None:
                    if isinstance(getattr(node, "parent", None), ast.Expr):
                        continue
                    found.append(f"{path.relative_to(SRC)}:{node.lineno}: {n}")
    # docstrings and comments may mention a part; a string constant that *is* data may not
    docstrings = set()
    for path in _py_files():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
                doc = ast.get_docstring(node, clean=False)
                if doc:
                    docstrings.add((str(path.relative_to(SRC)), doc))
    found = [f for f in found if not any(f.startswith(p + ":") and f.rsplit(": ", 1)[1] in d for p, d in docstrings)]
    assert not found, "part names copied into code (read them from reportnlp.domain.parts):\n" + "\n".join(found)


def test_no_second_copy_of_a_unit_list():
    every = set(units().units) | {"%"}
    found = []
    for path in _py_files():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            items = None
            if isinstance(node, (ast.Set, ast.List, ast.Tuple)):
                items = [e.value for e in node.elts if isinstance(e, ast.Constant) and isinstance(e.value, str)]
            elif isinstance(node, ast.Dict):
                items = [k.value for k in node.keys if isinstance(k, ast.Constant) and isinstance(k.value, str)]
            elif isinstance(node, ast.Constant) and isinstance(node.value, str) and " " in node.value:
                items = node.value.split()
            if items and len(items) >= 5 and sum(1 for i in items if i in every) >= 5:
                found.append(f"{path.relative_to(SRC)}:{node.lineno}")
    assert not found, "unit lists copied into code (read them from reportnlp.numbers / domain/data/units.yaml):\n" + \
        "\n".join(found)
