"""The code base stays ruff-clean and its functions stay small (CI runs this with the rest)."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.unit

# No function in quotes/ has a body (after its docstring) over this many lines.
MAX_BODY_LINES = 60


def _exe(name: str) -> str:
    return shutil.which(name) or str(Path(sys.executable).with_name(name))


def test_ruff_check_is_clean():
    names = ("quotes", "models", "tests", "benchmarks", "examples", "docs")
    dirs = [d for d in names if (ROOT / d).is_dir()]
    proc = subprocess.run(
        [_exe("ruff"), "check", *dirs], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


def body_lines(node: ast.FunctionDef | ast.AsyncFunctionDef) -> int:
    """Lines from a function's first statement after its docstring to its last."""
    body = node.body
    first = body[0]
    if (
        isinstance(first, ast.Expr)
        and isinstance(first.value, ast.Constant)
        and isinstance(first.value.value, str)
    ):
        body = body[1:]
    if not body:
        return 0
    return (body[-1].end_lineno or body[-1].lineno) - body[0].lineno + 1


def long_functions(package: Path) -> dict[str, int]:
    """``path:name`` → body lines of every function in ``package`` over the limit."""
    out: dict[str, int] = {}
    for path in sorted(package.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                n = body_lines(node)
                if n > MAX_BODY_LINES:
                    out[f"{path.relative_to(package.parent).as_posix()}:{node.name}"] = n
    return out


def test_no_long_functions():
    assert long_functions(ROOT / "quotes") == {}


def test_body_lines_counts_statements_not_docstring():
    tree = ast.parse('def f():\n    """Doc\n    string."""\n    a = 1\n\n    return a\n')
    fn = tree.body[0]
    assert isinstance(fn, ast.FunctionDef)
    assert body_lines(fn) == 3
