"""What the rule cases (tests/cases/rules.jsonl, run by tests/test_cases.py) cannot say as rows:
the tokenizer's own splits, and the lemma a cue carries."""

from __future__ import annotations

import pytest
from helpers import run


def test_horizontal_bar_is_its_own_token(nlp):
    assert [t.text for t in nlp.tokenizer("low.”―Pamela")] == ["low", ".", "”", "―", "Pamela"]


@pytest.mark.parametrize(
    ("text", "cue", "lemma"),
    [
        ("“We will rebuild the school before winter,” Mayor Daniel Okafor said.", "said", "say"),
        ("“Absolutely not,” Ford replied when asked.", "replied", "reply"),
    ],
)
def test_cue_carries_its_lemma(nlp, text, cue, lemma):
    cues = [q.cue for q in run(nlp, text) if q.cue is not None and q.cue.text == cue]
    assert [c.lemma for c in cues] == [lemma]
