"""The Python API: ``load``, ``extract`` and ``extract_many``.

``extract_many`` streams: documents flow through ``nlp.pipe`` in batches (optionally in several
processes) and results come back in input order, one :class:`~quotes.types.Result` per input.
A text longer than :data:`WHOLE_CHARS` (50,000 characters) or the model's ``max_length`` is split
at paragraph boundaries, processed in pieces, and its quotes are shifted back so every offset
refers to the whole text.
"""

from __future__ import annotations

import re
import threading
from collections import deque
from collections.abc import Generator, Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from spacy.language import Language

from .errors import ExtractionError
from .paragraphs import BREAKS
from .parallel import map_batches
from .pipeline import DEFAULT_MODEL, load
from .readers.jsonl import id_text
from .types import ENTITY_KINDS, EntityRecord, Quote, Result

# Items: a text, (id, text), a mapping with the text and id fields, or an object with ``id``
# and ``text`` attributes (quotes.readers.Document).
Item = str | Mapping[str, Any] | tuple[str, str] | Any

#: Texts up to this long are parsed whole (every PolNeAR article is); longer ones in pieces of
#: at most PIECE_CHARS, cut at line breaks. A Doc costs more than linearly in its length, and
#: the pieces of one text travel together in a batch: a 20 MB text in 1M-character pieces
#: (``nlp.max_length``) needed over 24 GB; in 10,000-character pieces, a batch stays near 1 GB.
WHOLE_CHARS = 50_000
PIECE_CHARS = 10_000


# Lone surrogates (a JavaScript string cut inside an emoji) cannot be encoded, and spaCy's
# tokenizer fails on them: they are parsed as U+FFFD, one code point for one, so offsets hold.
_SURROGATE = re.compile("[\ud800-\udfff]")

_load_lock = threading.Lock()


@lru_cache(maxsize=4)
def _cached(model: str, phrases: bool, entities: bool) -> Language:
    return load(model, phrases=phrases, entities=entities)


def get_nlp(
    model: str | Path = DEFAULT_MODEL, *, phrases: bool = False, entities: bool = False
) -> Language:
    """A loaded pipeline for ``model``, shared between calls (and threads) in this process
    (``phrases``: noun phrases a speech verb takes count as quotes too; ``entities``: the
    pipeline keeps each document's entities; see :func:`quotes.load`)."""
    with _load_lock:  # threads asking at once load it once
        return _cached(str(model), phrases, entities)


def extract(
    text: str,
    *,
    nlp: Language | None = None,
    model: str | Path = DEFAULT_MODEL,
    phrases: bool = False,
) -> list[Quote]:
    """The quotes of one text, in text order.

    Raises :class:`quotes.errors.ExtractionError` when the rules (or spaCy) fail on the text:
    an empty list always means "no quotes". Safe to call from several threads.
    """
    if not isinstance(text, str):
        raise TypeError(f"extract() takes a str, not {type(text).__name__}")
    result = next(extract_many([text], nlp=nlp, model=model, phrases=phrases))
    if result.error:
        raise ExtractionError(f"quote extraction failed on this text: {result.error}")
    return list(result.quotes)


def extract_many(
    items: Iterable[Item],
    *,
    nlp: Language | None = None,
    model: str | Path = DEFAULT_MODEL,
    n_process: int = 1,
    batch_size: int = 32,
    text_field: str = "text",
    id_field: str = "id",
    phrases: bool = False,
    entities: bool = False,
) -> Generator[Result, None, None]:
    """Extract the quotes of many texts, lazily, yielding one Result per item in input order.

    ``items`` may be strings (id: their position), ``(id, text)`` pairs, mappings with
    ``text_field`` and ``id_field`` (a missing id becomes the position), or objects with ``id``
    and ``text`` attributes (such as :class:`quotes.readers.Document`). With ``n_process > 1``
    the pipeline runs in that many forked worker processes (see :mod:`quotes.parallel`); the
    texts and the bookkeeping stay in this process, only quote records come back.

    Nothing is lost: a document the rules (or spaCy) fail on gets a Result with ``error`` set
    and no quotes; when ``items`` itself raises (or holds an item that is no document, a
    TypeError naming it), every document read before it is yielded first, then the error is
    raised. An id that is not a string becomes its JSON text, as in the command line. Safe to
    call from several threads (they take turns on a shared pipeline). Raises ValueError at
    once for ``batch_size`` or ``n_process`` below 1.

    ``entities=True`` gives each Result its ``entities`` too: the people, organisations, groups
    and documents of the text with their mentions, offsets into the text as for quotes (a
    text parsed in pieces lists the entities of each piece). A pipeline given as ``nlp`` must
    then keep them (``quotes.load(entities=True)``, the ``quotes`` component's
    ``store_entities``, or the ``quotes_entities`` component): ValueError at once otherwise.
    """
    if batch_size < 1:
        raise ValueError(f"batch_size must be at least 1 (got {batch_size!r})")
    if n_process < 1:
        raise ValueError(f"n_process must be at least 1 (got {n_process!r})")
    if nlp is None:
        nlp = get_nlp(model, phrases=phrases, entities=entities)
    elif entities and not keeps_entities(nlp):
        raise ValueError(
            "entities=True needs a pipeline that keeps its entities: quotes.load(entities=True), "
            'nlp.add_pipe("quotes", config={"store_entities": True}) or the quotes_entities '
            "component"
        )
    return _extract_many(
        items, nlp, model, n_process, batch_size, text_field, id_field, entities=entities
    )


def keeps_entities(nlp: Language) -> bool:
    """Whether the Docs of ``nlp`` carry their entities (``doc._.entity_records``)."""
    if "quotes_entities" in nlp.pipe_names:
        return True
    if "quotes" not in nlp.pipe_names:
        return False
    return bool(getattr(nlp.get_pipe("quotes"), "store_entities", False))


def _extract_many(
    items: Iterable[Item],
    nlp: Language | None,
    model: str | Path,
    n_process: int,
    batch_size: int,
    text_field: str,
    id_field: str,
    entities: bool = False,
) -> Generator[Result, None, None]:
    nlp = nlp if nlp is not None else get_nlp(model, entities=entities)
    limit = nlp.max_length
    whole, piece = min(limit, WHOLE_CHARS), min(limit, PIECE_CHARS)
    # each item, in order, until the records of all its pieces are back
    meta: deque[_Pending] = deque()
    failure: list[Exception] = []  # what ``items`` raised, once the documents before it are out

    def batches() -> Iterator[list[str]]:
        batch: list[str] = []
        try:
            for n, item in enumerate(items):
                doc_id, text, derived = _id_text(item, n, text_field, id_field)
                chunks = list(split_text(text, whole if len(text) <= whole else piece))
                meta.append(_Pending(doc_id, text, derived, [offset for offset, _ in chunks]))
                for _, chunk in chunks:
                    batch.append(_SURROGATE.sub("\ufffd", chunk))
                    if len(batch) >= batch_size:
                        yield batch
                        batch = []
        except Exception as exc:  # the unfinished batch is still parsed and yielded
            failure.append(exc)
        if batch:
            yield batch

    for records in map_batches(nlp, batches(), n_process, batch_size):
        for quote_records, error, entity_records in records:
            pending = meta[0]
            pending.add(quote_records, error, entity_records if entities else None)
            if pending.complete:
                meta.popleft()
                yield pending.result(entities)
    if failure:
        raise failure[0]


@dataclass
class _Pending:
    """One item whose pieces are being parsed: what came back so far, in the whole text's
    offsets (each piece's records are shifted by the piece's offset)."""

    id: str
    text: str
    derived: bool
    offsets: list[int]
    quotes: list[Quote] = field(default_factory=list)
    entities: list[EntityRecord] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    seen: int = 0

    @property
    def complete(self) -> bool:
        return self.seen == len(self.offsets)

    def add(
        self,
        quote_records: list[dict[str, Any]],
        error: str | None,
        entity_records: list[dict[str, Any]] | None,
    ) -> None:
        """The records of the next piece."""
        offset = self.offsets[self.seen]
        self.quotes.extend(Quote.from_dict(r).shifted(offset) for r in quote_records)
        for r in entity_records or ():
            if r.get("kind") in ENTITY_KINDS and r.get("mentions"):
                self.entities.append(EntityRecord.from_dict(r).shifted(offset))
        if error:
            self.errors.append(error)
        self.seen += 1

    def result(self, entities: bool) -> Result:
        """The item's Result; ``entities``: with its entities (in order of first mention)."""
        text = self.text
        quotes, found = tuple(self.quotes), sorted(self.entities, key=_first_mention)
        if (quotes or found) and _SURROGATE.search(text):
            quotes = tuple(_cut_from(text, q) for q in quotes)
            found = [_cut_entity(text, e) for e in found]
        error = "; ".join(self.errors) or None
        listed = tuple(found) if entities else None
        return Result(self.id, text, quotes, self.derived, error, listed)


def _first_mention(e: EntityRecord) -> tuple[int, int]:
    return (e.mentions[0].start, e.mentions[0].end)


def _cut_entity(text: str, e: EntityRecord) -> EntityRecord:
    """``e`` with its mentions' texts cut from ``text`` (see :func:`_cut_from`)."""
    return replace(e, mentions=tuple(replace(m, text=text[m.start : m.end]) for m in e.mentions))


def _cut_from(text: str, q: Quote) -> Quote:
    """``q`` with every text field cut from ``text`` (it was parsed with U+FFFD for lone
    surrogates, and ``text[start:end] == q.text`` must hold of the caller's text)."""
    return replace(
        q,
        text=text[q.start : q.end],
        parts=tuple(replace(p, text=text[p.start : p.end]) for p in q.parts) if q.parts else None,
        cue=replace(q.cue, text=text[q.cue.start : q.cue.end]) if q.cue else None,
        speaker=replace(q.speaker, text=text[q.speaker.start : q.speaker.end])
        if q.speaker
        else None,
    )


def _clip(item: object) -> str:
    text = repr(item)
    return text if len(text) <= 60 else text[:57] + "..."


def _id_text(item: Item, n: int, text_field: str, id_field: str) -> tuple[str, str, bool]:
    """(id, text, whether the text was derived from the input) of the ``n``-th item."""
    if isinstance(item, str):
        return str(n), item, False
    if isinstance(item, tuple):
        if len(item) != 2 or not isinstance(item[1], str):
            raise TypeError(f"item {n} {_clip(item)}: expected an (id, text) pair with a str text")
        return (str(n) if item[0] is None else id_text(item[0])), item[1], False
    if isinstance(item, Mapping):
        text = item.get(text_field)
        if not isinstance(text, str):
            raise TypeError(f"item {n} {_clip(item)}: field {text_field!r} is missing or not a str")
        doc_id = item.get(id_field)
        return (id_text(doc_id) if doc_id is not None else str(n)), text, False
    text = getattr(item, "text", None)
    if not isinstance(text, str):
        raise TypeError(
            f"item {n} {_clip(item)}: expected a str, an (id, text) pair, a mapping or a document"
        )
    doc_id = getattr(item, "id", None)
    derived = bool(getattr(item, "html", False))
    return (id_text(doc_id) if doc_id is not None else str(n)), text, derived


def split_text(text: str, limit: int) -> Iterator[tuple[int, str]]:
    """Split ``text`` into pieces of at most ``limit`` characters, after a line break of any
    kind (``\\n``, ``\\r``, U+2029…) where possible, else after a space, yielding
    ``(offset, piece)``: a paragraph never continues a sentence. Raises ValueError for a
    ``limit`` below 1."""
    if limit < 1:
        raise ValueError(f"pieces must be at least 1 character long (got {limit!r})")
    if len(text) <= limit:
        yield 0, text
        return
    start = 0
    while start < len(text):
        end = min(start + limit, len(text))
        if end < len(text):
            end = _cut(text, start, end)
        yield start, text[start:end]
        start = end


def _cut(text: str, start: int, end: int) -> int:
    """Where a piece from ``start`` ends at the latest by ``end``: after its last line break,
    else after its last space, else at ``end``."""
    cut = max(text.rfind(ch, start, end) for ch in BREAKS)
    if cut > start and text[cut] == "\r" and text[cut + 1 : cut + 2] == "\n":
        return cut  # a CRLF cut by the limit: keep it whole in the next piece
    if cut <= start:
        cut = text.rfind(" ", start, end)
    return cut + 1 if cut > start else end
