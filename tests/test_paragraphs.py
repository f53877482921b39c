"""One definition of a paragraph for every stage."""

from __future__ import annotations

import pytest

from quotes.paragraphs import BREAKS, has_break, paragraphs


@pytest.mark.parametrize("brk", list(BREAKS) + ["\r\n", "\n\n"])
def test_every_line_break_separates_paragraphs(brk):
    text = f"First one.{brk}Second one."
    assert [text[a:b] for a, b in paragraphs(text)] == ["First one.", "Second one."]
    assert has_break(brk)


def test_breaks_are_what_splitlines_breaks_on():
    assert {ch for ch in map(chr, range(0x3000)) if len(f"a{ch}b".splitlines()) == 2} == set(BREAKS)


def test_blank_lines_skipped_and_window_respected():
    text = "a\n \n\u00a0\nb\nc"
    assert paragraphs(text) == [(0, 1), (6, 7), (8, 9)]
    assert paragraphs(text, 5, 8) == [(6, 7)]
    assert not has_break("no break here")
