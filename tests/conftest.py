"""Shared fixtures (one loaded pipeline per session, the shared data location) and test tiers.

Tiers are pytest markers, set here from what a test uses so that no test file has to repeat
them: ``model`` (the ``nlp`` fixture or a pipeline run), ``corpus`` (the shared data sets),
``cluster`` (Dask clusters and process pools), ``fuzz`` (hypothesis with many examples),
``browser`` (headless Chromium); everything else is ``unit``. The quick loop is
``pytest -m "not corpus and not cluster and not fuzz and not browser"``.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("QUOTES_SHARED_DATA", ROOT.parent / "shared" / "data"))

# Modules whose every test is of one tier, whatever fixtures it uses.
_MODULE_TIERS = {
    "test_dask": "cluster",
    "test_properties": "fuzz",
}
_TIERS = ("unit", "model", "corpus", "cluster", "fuzz", "browser")


@pytest.fixture(scope="session")
def nlp():
    import quotes

    return quotes.get_nlp()


@pytest.fixture(scope="session")
def shared_data() -> Path:
    if not SHARED.is_dir():
        pytest.skip(f"shared data not present at {SHARED} (set QUOTES_SHARED_DATA)")
    return SHARED


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        own = {m.name for m in item.iter_markers()} & set(_TIERS)
        tier = _MODULE_TIERS.get(item.module.__name__ if item.module else "")
        if tier:
            own.add(tier)
        fixtures = set(getattr(item, "fixturenames", ()))
        if "shared_data" in fixtures:
            own.add("corpus")
        if "nlp" in fixtures:
            own.add("model")
        for name in own:
            item.add_marker(name)
        if not own:
            # tests that run the pipeline without the fixture (CLI runs, quotes.extract) say
            # so with @pytest.mark.model; the rest are unit tests
            item.add_marker("unit")
