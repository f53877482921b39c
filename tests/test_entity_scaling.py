"""The entity stage is linear in its mentions: each mention is compared with a bounded window
of others and with the clusters it could join, never with the whole document.

Counted, not timed: the work is the number of name comparisons (``could_be``), candidate
features (``PronounResolver.features``) and sentence look-ups, on a document of ~2,500 and of
~5,000 mentions (many people, each named once, one organisation named throughout). Linear work
doubles with the document; quadratic work would quadruple.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable
from typing import Any

import pytest

import quotes.entities.cluster as cluster_module
from quotes.entities import find_entities
from quotes.entities.pronouns import PronounResolver
from quotes.lexicon import Lexicon
from quotes.text import TextModel

pytestmark = pytest.mark.model

_FIRST = ("Ana", "Tom", "Maria", "John", "Li", "Sara", "Omar", "Eva", "Paul", "Nina")
_LAST = ("Ruiz", "Berg", "Okafor", "Smith", "Chen", "Novak", "Haddad", "Silva", "Moreau")


def _story(paragraphs: int) -> str:
    rng = random.Random(3)
    return "\n".join(
        f"{rng.choice(_FIRST)} {rng.choice(_LAST)}{n}, a spokesman for the Harbour Board, said "
        "the plan would work. He added that the council and its members agreed with him, "
        "and they voted for it."
        for n in range(paragraphs)
    )


def _counted(monkeypatch: pytest.MonkeyPatch, owner: Any, name: str, work: Counter[str]) -> None:
    original: Callable[..., Any] = getattr(owner, name)

    def counting(*args: Any, **kwargs: Any) -> Any:
        work[name] += 1
        return original(*args, **kwargs)

    monkeypatch.setattr(owner, name, counting)


def _work(nlp: Any, paragraphs: int, monkeypatch: pytest.MonkeyPatch) -> tuple[int, Counter[str]]:
    doc = nlp(_story(paragraphs))
    work: Counter[str] = Counter()
    with monkeypatch.context() as m:
        _counted(m, cluster_module, "could_be", work)
        _counted(m, PronounResolver, "features", work)
        _counted(m, TextModel, "sent_index", work)
        entities = find_entities(doc, TextModel(doc), Lexicon.default())
    return sum(len(e.mentions) for e in entities), work


def test_entity_stage_work_is_linear_in_mentions(nlp, monkeypatch):
    small_mentions, small = _work(nlp, 235, monkeypatch)
    large_mentions, large = _work(nlp, 470, monkeypatch)
    assert large_mentions >= 5000, large_mentions  # the size
    assert 1.8 <= large_mentions / small_mentions <= 2.2
    for name in ("could_be", "features", "sent_index"):
        assert small[name] > 0, f"{name} was never called: the count measures nothing"
        # work per mention stays flat (quadratic work would double it)
        per_small, per_large = small[name] / small_mentions, large[name] / large_mentions
        assert per_large <= 1.3 * per_small, f"{name}: {small[name]} → {large[name]} calls"
        assert per_large <= 120, (name, large[name], large_mentions)
