"""spaCy factories: thin glue that runs the rule modules and stores results on the Doc.

Registered through the ``spacy_factories`` entry point, so ``nlp.add_pipe("quotes")`` works on
any English pipeline with a parser once this package is installed.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from .boundaries import SentenceGuard


def _quotes_getter(doc: Doc) -> list:
    from .types import Quote

    records = doc._.quote_records
    return [] if records is None else [Quote.from_dict(r) for r in records]


# The component stores plain dicts (msgpack-serialisable, so Docs survive spaCy's multiprocessing
# and DocBin); ``doc._.quotes`` turns them into Quote objects on access.
if not Doc.has_extension("quote_records"):
    Doc.set_extension("quote_records", default=None)
if not Doc.has_extension("quote_error"):
    Doc.set_extension("quote_error", default=None)
if not Doc.has_extension("quotes"):
    Doc.set_extension("quotes", getter=_quotes_getter)


@Language.factory("quotes_boundaries")
def make_boundaries(nlp: Language, name: str) -> SentenceGuard:
    """The sentence guard; must run before the parser (``before="parser"``)."""
    return SentenceGuard()


@Language.factory("quotes")
def make_quotes(nlp: Language, name: str):
    """The quote extractor; must run after the parser (and NER, when the pipeline has it)."""
    from .extractor import QuoteExtractor

    return QuoteExtractor(nlp)
