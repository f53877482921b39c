"""Keep ranks and titles whole, and paragraphs apart, before the parser runs.

The default English tokenizer splits "Cmdr." from its dot and the parser then starts a sentence
at the name after it, so "Pentagon spokeswoman, Navy Cmdr. Jessica McNulty, said" loses its
subject. Tokenizer special cases keep the abbreviation one token; the sentence guard component
(``quotes_boundaries``) then forbids a sentence start right after it, which the parser respects,
and makes every line break a sentence start, since a paragraph never continues a sentence.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import cast

from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.symbols import ORTH
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc

from .paragraphs import has_break


def add_special_cases(nlp: Language, abbreviations: Iterable[str]) -> None:
    """Make each rank/title abbreviation (and its upper/lower-case forms) a single token; the
    same for hyphenated titles ("vice-president", "Secretary-General"), which the tokenizer
    would split at the hyphen into pieces the parser misreads."""
    tokenizer = cast(Tokenizer, nlp.tokenizer)
    for abbr in abbreviations:
        forms = {abbr, abbr.upper(), abbr.lower(), abbr.capitalize()}
        if "-" in abbr:
            forms.add("-".join(part.capitalize() for part in abbr.split("-")))
        for form in forms:
            tokenizer.add_special_case(form, [{ORTH: form}])


# U+2015 HORIZONTAL BAR, the dash of "“…” ― Name" bylines, is no punctuation to spaCy's
# English tokenizer (em and en dashes are), which then glues it to a closing mark ("”―") or to
# the name after it ("―Pamela"), and the byline is lost.
_BAR = "\u2015"


def split_horizontal_bar(nlp: Language) -> None:
    """Make the horizontal bar a prefix, suffix and infix of the tokenizer, like "—"."""
    tok = nlp.tokenizer
    for attr, extra, method in (
        ("prefix_search", f"^{_BAR}", "search"),
        ("suffix_search", f"{_BAR}$", "search"),
        ("infix_finditer", _BAR, "finditer"),
    ):
        # the tokenizer holds bound methods of compiled patterns: extend the pattern
        pattern = getattr(getattr(getattr(tok, attr), "__self__", None), "pattern", None)
        if pattern is None or _BAR in pattern:
            continue  # a custom tokenizer we cannot extend, or already done
        compiled = re.compile(f"{pattern}|{extra}" if pattern else extra)
        setattr(tok, attr, getattr(compiled, method))


class SentenceGuard:
    """Set sentence starts before parsing: never after a rank or a bare word, always after a
    line break. ``ranks``: the lower-cased abbreviations ("cmdr.")."""

    def __init__(self, ranks: Iterable[str]) -> None:
        self.ranks = frozenset(ranks)

    def __call__(self, doc: Doc) -> Doc:
        if len(doc) < 2:
            return doc
        ranks = self.ranks
        # Decisions go into one array written back at once: setting Token.is_sent_start
        # re-checks the whole Doc at every call, which made the guard quadratic.
        starts = doc.to_array([SENT_START]).astype("int64").reshape(-1, 1)
        for i in range(1, len(doc)):
            prev = doc[i - 1]
            tok = doc[i]
            if tok.is_space:
                continue
            if prev.is_space and has_break(prev.text):
                starts[i, 0] = 1
            elif prev.is_alpha or prev.is_digit:
                # a sentence never starts right after a word with no punctuation between
                # ("asked Liberal MP | Sarah Chen"): the small model sometimes splits there
                starts[i, 0] = -1
            elif prev.lower_ in ranks or (
                # "Cmdr ." split by a tokenizer without our special cases
                prev.text == "."
                and i >= 2
                and doc[i - 2].lower_ + "." in ranks
                and not doc[i - 2].whitespace_
            ):
                starts[i, 0] = -1
        doc.from_array([SENT_START], starts.astype("uint64"))  # type: ignore[arg-type]
        return doc
