"""The package's shape: no import cycles, stages that stand alone, layers that point one way, a pinned API.

The import graph is read statically from the source (every ``import``/``from ... import`` at any
depth, function-level imports included), so a cycle hidden inside a function counts too.
"""

from __future__ import annotations

import ast
from pathlib import Path

import newstrace

PACKAGE = Path(newstrace.__file__).resolve().parent


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _modules() -> dict[str, Path]:
    return {_module_name(p): p for p in PACKAGE.rglob("*.py")}


def _imports(path: Path, modules: dict[str, Path]) -> set[str]:
    """The project modules one file imports (``from pkg import sub`` counts as importing ``pkg.sub``)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name in modules)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            base = node.module
            for alias in node.names:
                sub = f"{base}.{alias.name}"
                found.add(sub if sub in modules else base)
    return {m for m in found if m in modules}


def import_graph() -> dict[str, set[str]]:
    modules = _modules()
    return {name: _imports(path, modules) - {name} for name, path in modules.items()}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    out: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                out.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


def _stage_of(module: str) -> str | None:
    parts = module.split(".")
    return parts[2] if len(parts) > 2 and parts[1] == "stages" else None


def test_the_package_has_no_import_cycle() -> None:
    assert cycles(import_graph()) == []


def test_the_cycle_finder_finds_a_cycle() -> None:
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_no_stage_imports_another_stage() -> None:
    graph = import_graph()
    crossing = sorted(
        (module, target)
        for module, targets in graph.items()
        for target in targets
        if _stage_of(module) and _stage_of(target) and _stage_of(module) != _stage_of(target)
    )
    assert crossing == []


def test_evaluation_bench_cli_and_web_sit_above_everything_else() -> None:
    top = (
        "newstrace.evaluation",
        "newstrace.bench",
        "newstrace.cli",
        "newstrace.web",
        "newstrace.spark",
        "newstrace.__main__",
    )
    graph = import_graph()
    below = [m for m in graph if not m.startswith(top) and m != "newstrace"]
    upward = sorted((m, t) for m in below for t in graph[m] if t.startswith(top))
    assert upward == []


def test_stage_internals_are_private_modules() -> None:
    """Inside a stage package every module but ``__init__`` is private (its name starts with ``_``)."""
    public = sorted(
        m
        for m, path in _modules().items()
        if _stage_of(m) and path.name != "__init__.py" and not path.name.startswith("_")
    )
    assert public == []


#: The public API. Adding a name is a decision; this list makes it a visible one.
PUBLIC = [
    "Article",
    "Claim",
    "ConfigError",
    "Corpus",
    "CorpusStage",
    "Cue",
    "CueClass",
    "Document",
    "DocumentStage",
    "Entity",
    "Failure",
    "Genre",
    "InputError",
    "ModelError",
    "NewstraceError",
    "Pipeline",
    "Quote",
    "QuoteKind",
    "RemovalKind",
    "RemovedSpan",
    "Report",
    "RunContext",
    "Settings",
    "Speaker",
    "SpeakerType",
    "Stage",
    "StageError",
    "Stance",
    "StanceLabel",
    "Store",
    "StoreError",
    "Story",
    "__version__",
    "analyze",
    "analyze_articles",
    "analyze_texts",
    "build_report",
    "register",
    "registry",
    "report_to_dict",
    "run_analysis",
    "sample_corpus",
    "write_reports",
]


def test_the_public_api_is_pinned() -> None:
    assert sorted(newstrace.__all__) == sorted(PUBLIC)
    for name in newstrace.__all__:
        assert hasattr(newstrace, name), name
