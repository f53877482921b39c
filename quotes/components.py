"""spaCy factories: thin glue that runs the rule modules and stores results on the Doc.

Registered through the ``spacy_factories`` entry point, so ``nlp.add_pipe("quotes")`` works on
any English pipeline with a parser once this package is installed. Both components take their
word lists from a :class:`~quotes.lexicon.Lexicon` (``models/`` plus what the config adds) and
save it with ``to_disk``, so a saved pipeline keeps its behaviour whatever ``models/`` holds
where it is loaded.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from .boundaries import SentenceGuard, add_special_cases, split_horizontal_bar
from .entities import Entities
from .lexicon import Lexicon
from .settings import DEFAULT, Settings
from .shapes import SHAPES_FILE, ShapeMatcher, load_shapes

log = logging.getLogger(__name__)

ErrorHandler = Callable[[str, Callable[[Doc], Doc], list[Doc], Exception], Any]


def _entities_getter(doc: Doc) -> list:
    from .entities import Entity

    records = doc._.entity_records
    return [] if records is None else [Entity.from_dict(r) for r in records]


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
if not Doc.has_extension("entity_records"):
    Doc.set_extension("entity_records", default=None)
if not Doc.has_extension("entities"):
    Doc.set_extension("entities", getter=_entities_getter)


class Boundaries(SentenceGuard):
    """The ``quotes_boundaries`` component: the sentence guard, with the ranks it knows."""

    def __init__(self, lex: Lexicon) -> None:
        super().__init__(lex.ranks)
        self.lex = lex

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        self.lex.to_disk(path)

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> Boundaries:
        self.__init__(Lexicon.from_disk(path))  # type: ignore[misc]
        return self


@Language.factory(
    "quotes_boundaries",
    default_config={"abbreviations": []},
    requires=["token.text"],
    assigns=["token.is_sent_start"],
)
def make_boundaries(nlp: Language, name: str, abbreviations: list[str]) -> Boundaries:
    """Ranks and titles stay one token and never end a sentence, every line break starts
    one; must run before the parser (``before="parser"``). Adds the tokenizer special cases
    for the ranks of ``models/abbreviations.txt`` (plus ``abbreviations``) to ``nlp``."""
    lex = Lexicon.default().extended(abbreviations=abbreviations)
    hyphenated = [w for w in lex.titles if "-" in w and " " not in w]
    add_special_cases(nlp, [*lex.abbreviations, *hyphenated])
    split_horizontal_bar(nlp)
    return Boundaries(lex)


class QuoteExtractor:
    """The ``quotes`` component; results land on ``doc._.quotes`` (a list of Quote).

    A document the rules fail on keeps its place in the stream: its ``doc._.quote_error``
    says why and its quotes are empty. spaCy's default error handler would re-raise and a
    silent one drop the Doc, so a handler is called only where the user has set one with
    ``nlp.set_error_handler``.
    """

    def __init__(
        self,
        nlp: Language,
        lex: Lexicon,
        shapes_json: str | None = None,
        *,
        store_entities: bool = False,
        settings: Settings = DEFAULT,
    ) -> None:
        self.vocab = nlp.vocab
        self.settings = settings
        self.lex = lex
        self.shapes_json = shapes_json
        self.shapes = ShapeMatcher(nlp.vocab, lex, load_shapes(shapes_json))
        self.store_entities = store_entities
        self._error_handler: ErrorHandler | None = None

    def __call__(self, doc: Doc) -> Doc:
        from .extractor import extract_quotes

        try:
            given = doc._.entity_records
            entities = Entities.from_records(given) if given is not None else None
            found, entities = extract_quotes(doc, self.lex, self.shapes, entities, self.settings)
            doc._.quote_records = [q.to_dict() for q in found]
            if self.store_entities and given is None:
                doc._.entity_records = entities.to_records()
        except Exception as exc:  # one document's failure never costs a batch its others
            log.warning("quote extraction failed on a document: %r", exc)
            doc._.quote_records = []
            doc._.quote_error = f"{type(exc).__name__}: {exc}"
            if self._error_handler is not None:
                self._error_handler("quotes", self, [doc], exc)
        return doc

    def set_error_handler(self, error_handler: ErrorHandler) -> None:
        self._error_handler = error_handler

    def get_error_handler(self) -> ErrorHandler | None:
        return self._error_handler

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        directory = Path(path)
        self.lex.to_disk(directory)
        text = self.shapes_json
        if text is None:
            from importlib.resources import files

            text = files("quotes.models").joinpath(SHAPES_FILE).read_text(encoding="utf-8")
        (directory / SHAPES_FILE).write_text(text, encoding="utf-8")

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> QuoteExtractor:
        directory = Path(path)
        self.lex = Lexicon.from_disk(directory)
        self.shapes_json = (directory / SHAPES_FILE).read_text(encoding="utf-8")
        self.shapes = ShapeMatcher(self.vocab, self.lex, load_shapes(self.shapes_json))
        return self


@Language.factory(
    "quotes",
    default_config={"cues": {}, "titles": {}, "store_entities": False, "phrases": False},
    requires=["token.dep", "token.pos", "token.lemma", "token.ent_type"],
    assigns=["doc._.quote_records", "doc._.quote_error"],
)
def make_quotes(
    nlp: Language,
    name: str,
    cues: dict[str, str],
    titles: dict[str, str],
    store_entities: bool,
    phrases: bool,
) -> QuoteExtractor:
    """The quote extractor; must run after the parser (and NER, when the pipeline has it).
    ``cues``: extra cue verbs (lemma → tier "clause", "any" or "marked"); ``titles``: extra
    role words (word → gender "m", "f" or "-"); ``store_entities``: keep the entities it
    found on ``doc._.entities`` too (the ``quotes_entities`` component does that alone);
    ``phrases``: noun phrases a speech verb takes count as quotes (see Settings)."""
    lex = Lexicon.default().extended(cues=cues, titles=titles)
    settings = Settings(phrases=phrases)
    return QuoteExtractor(nlp, lex, store_entities=store_entities, settings=settings)


class EntityFinder:
    """The ``quotes_entities`` component: the people, organisations and groups of a document,
    on ``doc._.entities`` (usable without quotes; the ``quotes`` component reads them)."""

    def __init__(self, lex: Lexicon) -> None:
        self.lex = lex

    def __call__(self, doc: Doc) -> Doc:
        from .entities import find_entities
        from .text import TextModel

        if doc.has_annotation("DEP"):
            doc._.entity_records = find_entities(doc, TextModel(doc), self.lex).to_records()
        else:
            doc._.entity_records = []
        return doc

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        self.lex.to_disk(path)

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> EntityFinder:
        self.lex = Lexicon.from_disk(path)
        return self


@Language.factory(
    "quotes_entities",
    default_config={"titles": {}},
    requires=["token.dep", "token.pos", "token.lemma", "token.ent_type"],
    assigns=["doc._.entity_records"],
)
def make_entities(nlp: Language, name: str, titles: dict[str, str]) -> EntityFinder:
    """People, organisations and groups with their mentions clustered (names, pronouns,
    descriptions); after the parser and NER."""
    return EntityFinder(Lexicon.default().extended(titles=titles))
