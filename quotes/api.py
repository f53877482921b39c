"""The Python API: ``load``, ``extract`` and ``extract_many``.

``extract_many`` streams: documents flow through ``nlp.pipe`` in batches (optionally in several
processes) and results come back in input order, one :class:`~quotes.types.Result` per input.
A text longer than :data:`WHOLE_CHARS` (50,000 characters) or the model's ``max_length`` is split
at paragraph boundaries, processed in pieces, and its quotes are shifted back so every offset
refers to the whole text.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator, Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

from spacy.language import Language

from .parallel import map_batches
from .pipeline import DEFAULT_MODEL, load
from .types import Quote, Result

# Items: a text, (id, text), a mapping with the text and id fields, or an object with ``id``
# and ``text`` attributes (quotes.readers.Document).
Item = str | Mapping[str, Any] | tuple[str, str] | Any

#: Texts up to this long are parsed whole (every PolNeAR article is); longer ones in pieces of
#: at most PIECE_CHARS, cut at line breaks. A Doc costs more than linearly in its length, and
#: the pieces of one text travel together in a batch: a 20 MB text in 1M-character pieces
#: (``nlp.max_length``) needed over 24 GB; in 10,000-character pieces, a batch stays near 1 GB.
WHOLE_CHARS = 50_000
PIECE_CHARS = 10_000


@lru_cache(maxsize=4)
def _cached(model: str, phrases: bool) -> Language:
    return load(model, phrases=phrases)


def get_nlp(model: str | Path = DEFAULT_MODEL, *, phrases: bool = False) -> Language:
    """A loaded pipeline for ``model``, shared between calls in this process (``phrases``:
    noun phrases a speech verb takes count as quotes too; see :func:`quotes.load`)."""
    return _cached(str(model), phrases)


def extract(
    text: str,
    *,
    nlp: Language | None = None,
    model: str | Path = DEFAULT_MODEL,
    phrases: bool = False,
) -> list[Quote]:
    """The quotes of one text, in text order."""
    result = next(extract_many([text], nlp=nlp, model=model, phrases=phrases))
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
) -> Iterator[Result]:
    """Extract the quotes of many texts, lazily, yielding one Result per item in input order.

    ``items`` may be strings (id: their position), ``(id, text)`` pairs, mappings with
    ``text_field`` and ``id_field`` (a missing id becomes the position), or objects with ``id``
    and ``text`` attributes (such as :class:`quotes.readers.Document`). With ``n_process > 1``
    the pipeline runs in that many forked worker processes (see :mod:`quotes.parallel`); the
    texts and the bookkeeping stay in this process, only quote records come back.
    """
    nlp = nlp if nlp is not None else get_nlp(model, phrases=phrases)
    limit = nlp.max_length
    whole, piece = min(limit, WHOLE_CHARS), min(limit, PIECE_CHARS)
    # (id, text, derived, offsets of its pieces) of each item, in order, for the results to come
    meta: deque[tuple[str, str, bool, list[int]]] = deque()

    def batches() -> Iterator[list[str]]:
        batch: list[str] = []
        for n, item in enumerate(items):
            doc_id, text, derived = _id_text(item, n, text_field, id_field)
            chunks = list(split_text(text, whole if len(text) <= whole else piece))
            meta.append((doc_id, text, derived, [offset for offset, _ in chunks]))
            for _, chunk in chunks:
                batch.append(chunk)
                if len(batch) >= batch_size:
                    yield batch
                    batch = []
        if batch:
            yield batch

    found: list[Quote] = []
    errors: list[str] = []
    seen = 0
    for records in map_batches(nlp, batches(), n_process, batch_size):
        for quote_records, error in records:
            doc_id, text, derived, offsets = meta[0]
            found.extend(Quote.from_dict(r).shifted(offsets[seen]) for r in quote_records)
            if error:
                errors.append(error)
            seen += 1
            if seen == len(offsets):
                meta.popleft()
                yield Result(doc_id, text, tuple(found), derived, "; ".join(errors) or None)
                found, errors, seen = [], [], 0


def _id_text(item: Item, n: int, text_field: str, id_field: str) -> tuple[str, str, bool]:
    if isinstance(item, str):
        return str(n), item, False
    if isinstance(item, tuple):
        return str(item[0]), item[1], False
    if isinstance(item, Mapping):
        text = item.get(text_field)
        if not isinstance(text, str):
            raise TypeError(f"item {n}: field {text_field!r} is missing or not a string")
        doc_id = item.get(id_field)
        return (str(doc_id) if doc_id is not None else str(n)), text, False
    text = getattr(item, "text", None)
    if not isinstance(text, str):
        raise TypeError(f"item {n}: expected a str, an (id, text) pair, a mapping or a document")
    doc_id = getattr(item, "id", None)
    return (str(doc_id) if doc_id is not None else str(n)), text, bool(getattr(item, "html", False))


def split_text(text: str, limit: int) -> Iterator[tuple[int, str]]:
    """Split ``text`` into pieces of at most ``limit`` characters, at line breaks where
    possible (a paragraph never continues a sentence), yielding ``(offset, piece)``."""
    if len(text) <= limit:
        yield 0, text
        return
    start = 0
    while start < len(text):
        end = min(start + limit, len(text))
        if end < len(text):
            cut = text.rfind("\n", start, end)
            if cut <= start:
                cut = text.rfind(" ", start, end)
            end = cut + 1 if cut > start else end
        yield start, text[start:end]
        start = end
