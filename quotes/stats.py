"""Who is quoted across a corpus: the speakers most quoted, quotes by kind, and people against
organisations and groups.

Pure and streaming: :class:`StatsBuilder` takes one :class:`~quotes.types.Result` at a time
(memory holds one counter per speaker, never a document), and :func:`corpus_stats` does it for
an iterable. ``quotes stats`` prints the result; the HTML report draws the same figures.

A speaker is a resolved name (``Speaker.name``), the same across documents whatever its case
or spacing ("John Kirby" in two articles is one speaker with two documents). Quotes whose
speaker could not be named (an unresolved "he" or "they") count in the totals, never as a
speaker.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from .types import Quote, Result

# A pronoun left unresolved keeps its text as its name ("they"): no one to rank across a corpus.
_PRONOUNS = frozenset({
    "i", "me", "you", "he", "him", "she", "her", "it",
    "we", "us", "they", "them", "who", "whom", "which", "that",
})  # fmt: skip

#: Quote kinds, in the order every table lists them.
QUOTE_KINDS = ("direct", "mixed", "indirect")
#: Speaker kinds, in the order every table lists them.
SPEAKER_KINDS = ("person", "organization", "group", "document", "unknown")
#: How the tables name speaker kinds (the HTML report and ``quotes stats`` alike).
KIND_LABELS = {
    "person": "people",
    "organization": "organisations",
    "group": "groups",
    "document": "the document itself",
    "unknown": "unknown kind",
}
#: The columns of ``quotes stats --format csv``: one row per speaker.
CSV_FIELDS = ("rank", "name", "title", "kind", "quotes", "documents", *QUOTE_KINDS)


@dataclass(frozen=True)
class SpeakerCount:
    """One speaker across the corpus: the title and kind they are given most often."""

    name: str
    title: str | None
    kind: str
    quotes: int
    documents: int
    kinds: dict[str, int]  # quotes by quote kind, every kind of QUOTE_KINDS present

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "title": self.title,
            "kind": self.kind,
            "quotes": self.quotes,
            "documents": self.documents,
            "kinds": dict(self.kinds),
        }


@dataclass(frozen=True)
class CorpusStats:
    """Who is quoted in a corpus.

    ``kinds``: quotes by quote kind. ``speaker_kinds``: by speaker kind, the quotes whose
    speaker is of that kind and the distinct named speakers of that kind. ``unattributed``:
    quotes with no speaker; ``unnamed``: quotes whose speaker has no name (an unresolved
    pronoun). ``speakers``: every named speaker, most quoted first (then in more
    documents, then by name). ``errors``: documents whose rules failed.
    """

    documents: int
    quotes: int
    kinds: dict[str, int]
    speaker_kinds: dict[str, dict[str, int]]
    unattributed: int
    unnamed: int
    errors: int
    speakers: tuple[SpeakerCount, ...]

    def top(self, n: int | None = None) -> tuple[SpeakerCount, ...]:
        """The ``n`` most quoted speakers (all for None or 0)."""
        return self.speakers[:n] if n else self.speakers

    def to_dict(self, top: int | None = None) -> dict[str, Any]:
        """The figures as JSON, with the ``top`` most quoted speakers (all for None or 0)."""
        return {
            "documents": self.documents,
            "quotes": self.quotes,
            "kinds": dict(self.kinds),
            "speaker_kinds": {k: dict(v) for k, v in self.speaker_kinds.items()},
            "unattributed": self.unattributed,
            "unnamed": self.unnamed,
            "errors": self.errors,
            "speakers": [s.to_dict() for s in self.top(top)],
        }

    def who_is_quoted(self) -> list[tuple[str, int | None, int]]:
        """(label, named speakers, quotes) by speaker kind, the kinds with any quote or
        speaker, then the quotes with no speaker (their speaker count None)."""
        rows: list[tuple[str, int | None, int]] = [
            (KIND_LABELS.get(kind, kind), c["speakers"], c["quotes"])
            for kind, c in self.speaker_kinds.items()
            if c["quotes"] or c["speakers"]
        ]
        if self.unattributed:
            rows.append(("no speaker found", None, self.unattributed))
        return rows

    def rows(self, top: int | None = None) -> Iterator[dict[str, Any]]:
        """One flat row per speaker (:data:`CSV_FIELDS`), most quoted first."""
        for rank, s in enumerate(self.top(top), 1):
            row = {"rank": rank, "name": s.name, "title": s.title, "kind": s.kind}
            row |= {"quotes": s.quotes, "documents": s.documents, **s.kinds}
            yield row


@dataclass
class _Tally:
    """What is counted of one speaker while the documents come."""

    name: str
    quotes: int = 0
    documents: int = 0
    last_doc: int = -1
    titles: Counter[str] = field(default_factory=Counter)
    kinds: Counter[str] = field(default_factory=Counter)
    speaker_kinds: Counter[str] = field(default_factory=Counter)

    def count(self, q: Quote, doc: int) -> None:
        assert q.speaker is not None
        self.quotes += 1
        if doc != self.last_doc:
            self.documents, self.last_doc = self.documents + 1, doc
        if q.speaker.title:
            self.titles[q.speaker.title] += 1
        self.kinds[q.kind] += 1
        self.speaker_kinds[q.speaker.kind] += 1

    def done(self) -> SpeakerCount:
        # the title and kind given most often (ties: the first seen); "unknown" only if
        # nothing better was ever said
        title = self.titles.most_common(1)[0][0] if self.titles else None
        known = Counter({k: n for k, n in self.speaker_kinds.items() if k != "unknown"})
        kind = (known or self.speaker_kinds).most_common(1)[0][0]
        kinds = {k: self.kinds[k] for k in QUOTE_KINDS}
        kinds |= {k: n for k, n in self.kinds.items() if k not in kinds}
        return SpeakerCount(self.name, title, kind, self.quotes, self.documents, kinds)


def speaker_key(name: str) -> str:
    """The same speaker whatever the case and spacing of their name."""
    return " ".join(name.split()).casefold()


class StatsBuilder:
    """Counts documents as they come: :meth:`add` each, then :meth:`result`."""

    def __init__(self) -> None:
        self.documents = self.errors = 0
        self.kinds: Counter[str] = Counter()
        self.speaker_kind_quotes: Counter[str] = Counter()
        self.unattributed = self.unnamed = 0
        self.tallies: dict[str, _Tally] = {}

    def add(self, result: Result) -> None:
        doc = self.documents
        self.documents += 1
        self.errors += bool(result.error)
        for q in result.quotes:
            self.kinds[q.kind] += 1
            if q.speaker is None:
                self.unattributed += 1
                continue
            self.speaker_kind_quotes[q.speaker.kind] += 1
            name = " ".join((q.speaker.name or "").split())
            if not name or name.casefold() in _PRONOUNS:
                self.unnamed += 1
                continue
            tally = self.tallies.setdefault(speaker_key(name), _Tally(name))
            tally.count(q, doc)

    def result(self) -> CorpusStats:
        speakers = sorted(
            (t.done() for t in self.tallies.values()),
            key=lambda s: (-s.quotes, -s.documents, s.name.casefold(), s.name),
        )
        distinct = Counter(s.kind for s in speakers)
        kinds = [*SPEAKER_KINDS, *sorted(set(self.speaker_kind_quotes) - set(SPEAKER_KINDS))]
        by_speaker_kind = {
            k: {"speakers": distinct[k], "quotes": self.speaker_kind_quotes[k]} for k in kinds
        }
        quote_kinds = {k: self.kinds[k] for k in QUOTE_KINDS}
        quote_kinds |= {k: n for k, n in sorted(self.kinds.items()) if k not in quote_kinds}
        return CorpusStats(
            documents=self.documents,
            quotes=sum(self.kinds.values()),
            kinds=quote_kinds,
            speaker_kinds=by_speaker_kind,
            unattributed=self.unattributed,
            unnamed=self.unnamed,
            errors=self.errors,
            speakers=tuple(speakers),
        )


def totals_line(stats: CorpusStats) -> str:
    """One line: documents, quotes by kind, quotes with no speaker or an unnamed one, and
    documents whose rules failed (``quotes stats`` and the HTML report print the same)."""
    detail = ", ".join(f"{n:,} {k}" for k, n in stats.kinds.items() if n)
    parts = [_plural(stats.documents, "document"), _plural(stats.quotes, "quote")]
    if detail:
        parts[-1] += f" ({detail})"
    if stats.unattributed:
        parts.append(f"{stats.unattributed:,} with no speaker")
    if stats.unnamed:
        parts.append(f"{stats.unnamed:,} with an unnamed speaker")
    if stats.errors:
        parts.append(f"rules failed on {_plural(stats.errors, 'document')}")
    return " · ".join(parts)


def share(n: int, total: int) -> str:
    """``n`` as a whole percentage of ``total`` ("–" for no total)."""
    return f"{100 * n / total:.0f}%" if total else "–"


def _plural(n: int, word: str) -> str:
    return f"{n:,} {word}{'' if n == 1 else 's'}"


def corpus_stats(results: Iterable[Result]) -> CorpusStats:
    """Who is quoted in ``results`` (consumed one at a time)."""
    builder = StatsBuilder()
    for result in results:
        builder.add(result)
    return builder.result()
