"""The tree-shape evaluator (quotes/shapes.py) finds what spaCy's DependencyMatcher finds with
the same patterns, and refuses patterns it cannot run."""

from __future__ import annotations

import pytest
from spacy.matcher import DependencyMatcher

from quotes.lexicon import Lexicon
from quotes.shapes import Shape, ShapeMatcher, _fill, cue_forms, load_shapes

TEXTS = [
    "“We gave them every chance,” said union spokesman Luc Thibodeau. He said the city had "
    "refused to talk.",
    "The minister urged residents to stay indoors, according to a statement. According to "
    "officials, the road will reopen on Monday.",
    "It was said by the minister that the plan would fail. Critics told reporters they "
    "would sue, and the mayor said legalizing it could help.",
    "Asked about the strike, she declined to say whether talks would resume.",
    "",
]


def _spacy_matches(nlp, doc) -> dict[tuple[str, int], list[int]]:
    lex = Lexicon.default()
    forms = cue_forms(lex)
    matcher = DependencyMatcher(nlp.vocab)
    targets = {}
    for shape in load_shapes():
        pattern = _fill(shape.pattern, forms)
        matcher.add(shape.name, [pattern])
        ids = [node["RIGHT_ID"] for node in pattern]
        targets[nlp.vocab.strings[shape.name]] = (shape.name, ids.index(shape.target))
    found: dict[tuple[str, int], set[int]] = {}
    for match_id, tokens in matcher(doc):
        name, k = targets[match_id]
        found.setdefault((name, tokens[0]), set()).add(tokens[k])
    return {key: sorted(v) for key, v in found.items()}


@pytest.mark.parametrize("text", TEXTS)
def test_shapes_match_spacys_dependency_matcher(nlp, text):
    doc = nlp(text)
    ours = ShapeMatcher(nlp.vocab, Lexicon.default())(doc)
    expected = _spacy_matches(nlp, doc)
    assert ours._found == expected
    if text:
        assert expected  # the texts hold cues, so the comparison is not of two empty sets


@pytest.mark.parametrize(
    "pattern",
    [
        [  # an operator the evaluator does not run: ">>" (a descendant)
            {"RIGHT_ID": "cue", "RIGHT_ATTRS": {"LEMMA": "say"}},
            {"LEFT_ID": "cue", "REL_OP": ">>", "RIGHT_ID": "x", "RIGHT_ATTRS": {"DEP": "nsubj"}},
        ],
        [  # a test it does not run: NOT_IN
            {"RIGHT_ID": "cue", "RIGHT_ATTRS": {"LEMMA": "say"}},
            {
                "LEFT_ID": "cue",
                "REL_OP": ">",
                "RIGHT_ID": "x",
                "RIGHT_ATTRS": {"DEP": {"NOT_IN": ["punct", "ccomp"]}},
            },
        ],
    ],
)
def test_shapes_the_evaluator_cannot_run_go_to_spacys_matcher(nlp, pattern):
    doc = nlp("The minister said on Monday that the plan would fail.")
    shape = Shape("odd", pattern, "x")
    found = ShapeMatcher(nlp.vocab, Lexicon.default(), [shape])(doc)
    matcher = DependencyMatcher(nlp.vocab)
    matcher.add("odd", [pattern])
    expected = sorted({tokens[1] for _, tokens in matcher(doc)})
    assert expected  # the pattern matches this text
    assert found.targets("odd", 2) == expected
