"""Random news-like texts and the invariants every pipeline result must satisfy.

Shared by the property tests (``tests/test_properties.py``, through hypothesis) and the
time-boxed fuzz script (``tests/fuzz/fuzz_pipeline.py``, through :mod:`random`).
"""
