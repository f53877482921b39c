"""spaCy factories: thin glue that runs the rule modules and stores results on the Doc.

Registered through the ``spacy_factories`` entry point, so ``nlp.add_pipe("quotes")`` works on
any English pipeline with a parser once this package is installed. Both components take their
word lists from a :class:`~quotes.lexicon.Lexicon` (``models/`` plus what the config adds) and
save it with ``to_disk``, so a saved pipeline keeps its behaviour whatever ``models/`` holds
where it is loaded.
"""

from __future__ import annotations

import html
import logging
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from spacy.language import Language
from spacy.tokens import Doc, Span

from .boundaries import SentenceGuard, add_special_cases, split_horizontal_bar
from .entities import Entities
from .lexicon import Lexicon
from .settings import DEFAULT, Settings
from .shapes import SHAPES_FILE, ShapeMatcher, load_shapes
from .types import ENTITY_KINDS

if TYPE_CHECKING:
    from .entities import Entity
    from .types import Quote

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


# --------------------------------------------------------------------------------------------
# Span groups: doc.spans["quotes"] and doc.spans["entities"]

#: The span group of the quotes: one span per piece, labelled with the quote's kind.
QUOTES_KEY = "quotes"
#: The span group of the entities: one span per mention, labelled with the entity's kind.
ENTITIES_KEY = "entities"
_QUOTE_ID, _ENTITY_ID = "quote:", "entity:"


def _record_index(span: Span, prefix: str) -> int | None:
    """The record a span of ours stands for: its ``id_`` is "quote:3" or "entity:12"."""
    tag = span.id_
    if not tag.startswith(prefix) or not tag[len(prefix) :].isdigit():
        return None
    return int(tag[len(prefix) :])


def _span_quote(span: Span) -> Quote | None:
    from .types import Quote

    k = _record_index(span, _QUOTE_ID)
    records = span.doc._.quote_records
    if k is None or records is None or k >= len(records):
        return None
    return Quote.from_dict(records[k])


def _span_speaker(span: Span) -> str | None:
    q = _span_quote(span)
    return q.speaker.name if q is not None and q.speaker is not None else None


def _span_speaker_span(span: Span) -> Span | None:
    q = _span_quote(span)
    if q is None or q.speaker is None:
        return None
    return span.doc.char_span(q.speaker.start, q.speaker.end, alignment_mode="expand")


def _span_cue(span: Span) -> Span | None:
    q = _span_quote(span)
    if q is None or q.cue is None:
        return None
    return span.doc.char_span(q.cue.start, q.cue.end, alignment_mode="expand")


def _span_entity(span: Span) -> Entity | None:
    from .entities import Entity

    k = _record_index(span, _ENTITY_ID)
    records = span.doc._.entity_records
    if k is None or records is None:
        return None
    # a record's id is its place in the list; looked for, should a list ever be filtered
    record = records[k] if k < len(records) and records[k].get("id") == k else None
    record = record or next((r for r in records if r.get("id") == k), None)
    return Entity.from_dict(record) if record is not None else None


# Getters over the plain records on the Doc: nothing is stored per span, so the spans survive
# DocBin and multiprocessing as the records do (an object in ``user_data`` would not).
for _name, _getter in (
    ("quote", _span_quote),
    ("speaker", _span_speaker),
    ("speaker_span", _span_speaker_span),
    ("cue", _span_cue),
    ("entity", _span_entity),
):
    if not Span.has_extension(_name):
        Span.set_extension(_name, getter=_getter)


def _shown(name: str | None) -> str:
    """A name as a span's ``kb_id_``, which displaCy writes into its HTML as it is: escaped
    (an input's "<script>" must not run), and "" for none."""
    return html.escape(name) if name else ""


def quote_spans(doc: Doc, quotes: Sequence[Quote]) -> list[Span]:
    """One span per piece of each quote (``doc._.quote_records`` order), labelled with its
    kind, ``kb_id_`` the speaker's name (HTML-escaped, for displaCy), ``id_`` "quote:K".

    Spans are whole tokens: a piece that starts or ends inside a token takes the whole token
    (``alignment_mode="expand"``), while the Quote's ``start``/``end`` stay exact."""
    spans: list[Span] = []
    for k, q in enumerate(quotes):
        kb_id = _shown(q.speaker.name if q.speaker is not None else None)
        for piece in q.pieces:
            span = doc.char_span(
                piece.start,
                piece.end,
                label=q.kind,
                kb_id=kb_id,
                span_id=f"{_QUOTE_ID}{k}",
                alignment_mode="expand",
            )
            if span is not None:
                spans.append(span)
    return spans


def entity_spans(doc: Doc, records: Sequence[dict[str, Any]]) -> list[Span]:
    """One span per mention of each person, organisation, group and document (the kinds of
    :data:`quotes.types.ENTITY_KINDS`), labelled with the kind, ``kb_id_`` the entity's name
    (HTML-escaped), ``id_`` "entity:N"; in text order."""
    spans: list[Span] = []
    for r in records:
        if r.get("kind") not in ENTITY_KINDS:
            continue
        kb_id, span_id = _shown(r.get("name")), f"{_ENTITY_ID}{r['id']}"
        for m in r.get("mentions") or ():
            start, end, _ = m["tokens"]
            spans.append(Span(doc, start, end, label=r["kind"], kb_id=kb_id, span_id=span_id))
    spans.sort(key=lambda s: (s.start, s.end))
    return spans


def _store_entities(doc: Doc, records: list[dict[str, Any]]) -> None:
    doc._.entity_records = records
    doc.spans[ENTITIES_KEY] = entity_spans(doc, records)


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
    """The ``quotes`` component; results land on ``doc._.quotes`` (a list of Quote) and in the
    span group ``doc.spans["quotes"]`` (one span per piece; see :func:`quote_spans`).

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
            doc.spans[QUOTES_KEY] = quote_spans(doc, found)
            if self.store_entities and given is None:
                _store_entities(doc, entities.to_records())
        except Exception as exc:  # one document's failure never costs a batch its others
            log.warning("quote extraction failed on a document: %r", exc)
            doc._.quote_records = []
            doc.spans[QUOTES_KEY] = []
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
    assigns=["doc._.quote_records", "doc._.quote_error", "doc.spans"],
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
    found on ``doc._.entities`` and ``doc.spans["entities"]`` too (the ``quotes_entities``
    component does that alone);
    ``phrases``: noun phrases a speech verb takes count as quotes (see Settings)."""
    lex = Lexicon.default().extended(cues=cues, titles=titles)
    settings = Settings(phrases=phrases)
    return QuoteExtractor(nlp, lex, store_entities=store_entities, settings=settings)


class EntityFinder:
    """The ``quotes_entities`` component: the people, organisations and groups of a document,
    on ``doc._.entities`` and, one span per mention, ``doc.spans["entities"]`` (usable
    without quotes; the ``quotes`` component reads them)."""

    def __init__(self, lex: Lexicon) -> None:
        self.lex = lex

    def __call__(self, doc: Doc) -> Doc:
        from .entities import find_entities
        from .text import TextModel

        if doc.has_annotation("DEP"):
            _store_entities(doc, find_entities(doc, TextModel(doc), self.lex).to_records())
        else:
            _store_entities(doc, [])
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
    assigns=["doc._.entity_records", "doc.spans"],
)
def make_entities(nlp: Language, name: str, titles: dict[str, str]) -> EntityFinder:
    """People, organisations and groups with their mentions clustered (names, pronouns,
    descriptions); after the parser and NER."""
    return EntityFinder(Lexicon.default().extended(titles=titles))
