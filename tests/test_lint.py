"""The code base stays ruff-clean (CI runs this with the rest of the tests)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_ruff_check_is_clean():
    exe = shutil.which("ruff") or str(Path(sys.executable).with_name("ruff"))
    names = ("quotes", "models", "tests", "benchmarks", "examples")
    dirs = [d for d in names if (ROOT / d).is_dir()]
    proc = subprocess.run(
        [exe, "check", *dirs],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
