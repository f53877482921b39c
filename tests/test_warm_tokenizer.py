"""A pipeline tokenizes only the first ``WARM_CHARS`` characters it meets outside a memory
zone (to fill spaCy's tokenizer cache): words after them never stay in the vocabulary."""

from __future__ import annotations

import quotes
from quotes import parallel


def test_only_the_first_characters_are_kept_in_the_vocabulary(monkeypatch):
    nlp = quotes.load()  # a pipeline of its own: the warm-up is counted per pipeline
    monkeypatch.setattr(parallel, "WARM_CHARS", 60)
    words = [f"Zqvexlor{n}" for n in range(40)]  # never-seen words, 10 characters each
    texts = [" ".join(words[:20]) + " said.", " ".join(words[20:]) + " said."]
    list(quotes.extract_many(texts, nlp=nlp, batch_size=1))
    kept = [w for w in words if w in nlp.vocab.strings]
    # the first 60 characters hold the first five words and part of the sixth
    assert kept[:5] == words[:5]
    assert all(w not in nlp.vocab.strings for w in words[6:])
    # a second stream adds nothing: the budget is spent
    more = [f"Qwyzzant{n}" for n in range(10)]
    list(quotes.extract_many([" ".join(more)], nlp=nlp))
    assert not any(w in nlp.vocab.strings for w in more)
