"""The README's Python examples run and print what they say; examples/ scripts run."""

from __future__ import annotations

import contextlib
import io
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _python_blocks() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    return re.findall(r"```python\n(.*?)```", readme, flags=re.S)


def test_readme_python_examples_print_their_comments():
    blocks = _python_blocks()
    assert len(blocks) >= 2
    for block in blocks:
        expected = [
            line.split("# ", 1)[1].strip()
            for line in block.splitlines()
            if line.startswith("# ") or re.match(r"^print\(.*\)\s+# ", line)
        ]
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            exec(compile(block, "README.md", "exec"), {})
        printed = [line.strip() for line in out.getvalue().splitlines()]
        assert printed == expected


def test_quickstart_example_runs():
    proc = subprocess.run(
        [sys.executable, str(ROOT / "examples" / "quickstart.py")],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert "Aisha Ramaswamy (Transport Commissioner) [said, direct]" in proc.stdout
    assert "Lena Brandt" in proc.stdout
