"""The scorer stays plain Python: quotes.evaluation never imports typer, and rich or spaCy only
inside the functions that print tables or run the pipeline."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "quotes" / "evaluation"
pytestmark = pytest.mark.unit

# Imported at most lazily, inside a function (a TYPE_CHECKING block is fine too).
LAZY = ("rich", "spacy", "quotes.api", "quotes.pipeline")


def imports(tree: ast.AST) -> list[tuple[str, ast.AST]]:
    """``(module, node)`` for every import in ``tree``; ``from . import x`` as ``.``."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(alias.name, node) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            found.append(("." * node.level + (node.module or ""), node))
    return found


def top_level_imports(tree: ast.Module) -> list[str]:
    """Modules imported when the file is imported: outside functions and TYPE_CHECKING."""
    names: list[str] = []
    for node in tree.body:
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            continue
        if isinstance(node, ast.Import | ast.ImportFrom | ast.If | ast.Try):
            names += [name for name, _ in imports(node)]
    return names


def is_under(name: str, package: str) -> bool:
    return name == package or name.startswith(package + ".")


SOURCES = sorted(PACKAGE.glob("*.py"))


def test_the_package_has_modules():
    assert {p.name for p in SOURCES} >= {"__init__.py", "scoring.py", "runner.py"}


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.name)
def test_no_typer_anywhere(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    assert not [n for n, _ in imports(tree) if is_under(n, "typer")]


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.name)
def test_heavy_imports_are_lazy(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = top_level_imports(tree)
    assert not [n for n in names if any(is_under(n, lazy) for lazy in LAZY)]
    # `import quotes` / `from quotes import …` at the top would load the pipeline (and spaCy).
    assert "quotes" not in names


def test_the_checks_see_a_top_level_import():
    tree = ast.parse("import spacy\nfrom typer import Exit\ndef f():\n    import rich\n")
    assert top_level_imports(tree) == ["spacy", "typer"]
    assert [n for n, _ in imports(tree)] == ["spacy", "typer", "rich"]
