"""The layers of src/reportnlp: no import runs from a lower layer to a higher one, and no module
circles. Imports inside functions count too (they only delay an arrow, they do not remove it).
docs/ARCHITECTURE.md explains the layers; a new module takes the layer of its package."""
import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src" / "reportnlp"

# lowest first; a module may import from its own layer (without circles) and from lower ones
LAYERS = [
    {"errors", "_version", "resources", "recache", "domain", "numbers", "config", "outpath"},
    {"read", "normalise"},
    {"segment", "extract"},
    {"model"},
    {"check"},
    {"pipeline", "datasets"},
    {"report"},
    {"draft", "compare"},
    {"api"},
    {"checkcmd", "checkpool", "checkwarm", "comparecmd", "cmdout"},
    {"cli", "web", "spacy_component"},
    {"_entry", "__main__", ""},  # "" is the package root (reportnlp/__init__.py)
]


def _modules() -> dict[str, Path]:
    out = {}
    for p in SRC.rglob("*.py"):
        parts = p.relative_to(SRC).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        out[".".join(parts)] = p
    return out


def _graph() -> dict[str, set[str]]:
    mods = _modules()
    edges: dict[str, set[str]] = {m: set() for m in mods}
    for name, path in mods.items():
        pkg = name if path.name == "__init__.py" else name.rpartition(".")[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                if node.level:
                    base = pkg.split(".") if pkg else []
                    base = base[: len(base) - (node.level - 1)] if node.level > 1 else base
                    mod = ".".join([*base, *([node.module] if node.module else [])])
                elif (node.module or "").startswith("reportnlp"):
                    mod = node.module[len("reportnlp"):].lstrip(".")
                else:
                    continue
                targets = [f"{mod}.{a.name}".lstrip(".") for a in node.names] + [mod]
            elif isinstance(node, ast.Import):
                targets = [a.name[len("reportnlp"):].lstrip(".") for a in node.names if a.name.startswith("reportnlp")]
            else:
                continue
            for t in targets:  # the most specific module named (a name imported from a package is not a module)
                if t in mods and t != name:
                    edges[name].add(t)
                    break
    return edges


def _layer(mod: str) -> int:
    top = mod.split(".")[0]
    for i, layer in enumerate(LAYERS):
        if top in layer:
            return i
    raise AssertionError(f"module {mod or 'reportnlp'} has no layer: add its package to LAYERS and ARCHITECTURE.md")


def test_every_module_has_a_layer():
    for m in _modules():
        _layer(m)


def test_no_import_goes_up_a_layer():
    bad = [f"{a} -> {b}" for a, bs in _graph().items() for b in bs if _layer(b) > _layer(a)]
    assert not bad, "imports from a higher layer:\n" + "\n".join(sorted(bad))


def test_no_module_circles():
    edges = _graph()
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    circles = []
    counter = [0]

    def visit(v: str) -> None:  # Tarjan's strongly connected components
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in edges[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                circles.append(sorted(comp))

    for v in edges:
        if v not in index:
            visit(v)
    assert not circles, f"modules importing each other: {circles}"


def test_no_module_below_the_top_imports_through_the_package_root():
    """`from .. import recache` in reportnlp/segment/x.py runs reportnlp/__init__.py, which imports
    the api and so every layer: an import circle in the eyes of any tool that resolves the package
    first. Modules below the top layers import a root module by its own path."""
    top = {"cli", "web", "spacy_component", "_entry", "__main__", "", "checkcmd", "checkpool", "checkwarm", "comparecmd", "cmdout", "api"}
    bad = []
    for name, path in _modules().items():
        if name.split(".")[0] in top:
            continue
        pkg = name if path.name == "__init__.py" else name.rpartition(".")[0]
        depth = len(pkg.split(".")) if pkg else 0
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.level and not node.module and node.level == depth + 1:
                bad.append(f"{name}: from {'.' * node.level} import {', '.join(a.name for a in node.names)}")
    assert not bad, "\n".join(bad)
