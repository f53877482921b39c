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


def test_readme_names_every_rule_and_lexicon_file():
    from quotes.lexicon import FILES
    from quotes.rules.content import CONTENT_RULES
    from quotes.rules.quotation import QUOTATION_RULES
    from quotes.rules.speaker import CUE_RULES, LEVEL_RULES
    from quotes.shapes import SHAPES_FILE

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    tables = (CUE_RULES, LEVEL_RULES, CONTENT_RULES, QUOTATION_RULES)
    names = [name for table in tables for name in table.names()]
    assert names and all(f"`{name}`" in readme for name in names), [
        n for n in names if f"`{n}`" not in readme
    ]
    assert all(f"`{f}`" in readme for f in (*FILES, SHAPES_FILE))
