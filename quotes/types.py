"""Result types: frozen dataclasses whose ``to_dict()`` is the JSONL output contract.

Every ``start``/``end`` is a character offset (Python string index) into the document's text,
and ``text == document_text[start:end]`` always holds.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields, replace
from typing import Any, ClassVar, Literal, TypeVar

QuoteKind = Literal["direct", "mixed", "indirect"]
SpeakerKind = Literal["person", "organization", "group", "document", "unknown"]

_Span = TypeVar("_Span", bound="_SpanRecord")


class _SpanRecord:
    """A located span of the contract (a part, a cue, a speaker): its fields in order are its
    JSON object, and it can be moved to another text by an offset."""

    __slots__ = ()
    __dataclass_fields__: ClassVar[dict[str, Any]]  # the subclasses are dataclasses
    start: int
    end: int

    def to_dict(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self)}

    @classmethod
    def from_dict(cls: type[_Span], d: dict[str, Any]) -> _Span:
        """The inverse of :meth:`to_dict`: missing optional fields take their defaults,
        extra fields are ignored."""
        return cls(**{f.name: d[f.name] for f in fields(cls) if f.name in d})

    def shifted(self: _Span, offset: int) -> _Span:
        """The same span ``offset`` characters further on."""
        return replace(self, start=self.start + offset, end=self.end + offset)


@dataclass(frozen=True, slots=True)
class Part(_SpanRecord):
    """One piece of an interrupted quote, without the attribution between pieces."""

    text: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Cue(_SpanRecord):
    """The words that signal the attribution ("said", "according to", ":")."""

    text: str
    start: int
    end: int
    lemma: str = ""


@dataclass(frozen=True, slots=True)
class Speaker(_SpanRecord):
    """The speaker mention as written, with its resolved name and title.

    ``text``/``start``/``end`` locate the mention ("he", "Kirby", "Pentagon spokeswoman, Navy
    Cmdr. Jessica McNulty"); ``name`` is the fullest name the document gives that speaker;
    ``title`` joins the roles and ranks found for them anywhere in the document with "; ";
    ``gender`` is "female", "male" or None, from the evidence ``gender_evidence`` names
    ("pronoun", "honorific", "title" or "first name").
    """

    text: str
    start: int
    end: int
    name: str | None = None
    title: str | None = None
    kind: SpeakerKind = "unknown"
    gender: str | None = None
    gender_evidence: str | None = None


@dataclass(frozen=True, slots=True)
class Quote:
    """One attributed quote: what was said, by whom, with which cue, found by which rule."""

    text: str
    start: int
    end: int
    kind: QuoteKind
    rule: str
    parts: tuple[Part, ...] | None = None
    cue: Cue | None = None
    speaker: Speaker | None = None

    def to_dict(self) -> dict[str, Any]:
        """The quote as one entry of the JSONL contract's ``quotes`` list."""
        return {
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "kind": self.kind,
            "rule": self.rule,
            "parts": [p.to_dict() for p in self.parts] if self.parts else None,
            "cue": self.cue.to_dict() if self.cue else None,
            "speaker": self.speaker.to_dict() if self.speaker else None,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Quote:
        """The inverse of :meth:`to_dict` (extra fields are ignored)."""
        cue, spk, parts = d.get("cue"), d.get("speaker"), d.get("parts")
        return cls(
            d["text"],
            d["start"],
            d["end"],
            d["kind"],
            d.get("rule", ""),
            tuple(Part.from_dict(p) for p in parts) if parts else None,
            Cue.from_dict(cue) if cue else None,
            Speaker.from_dict(spk) if spk else None,
        )

    def shifted(self, offset: int) -> Quote:
        """The same quote with every offset moved by ``offset`` characters."""
        if offset == 0:
            return self
        return replace(
            self,
            start=self.start + offset,
            end=self.end + offset,
            parts=tuple(p.shifted(offset) for p in self.parts) if self.parts else None,
            cue=self.cue.shifted(offset) if self.cue else None,
            speaker=self.speaker.shifted(offset) if self.speaker else None,
        )

    @property
    def pieces(self) -> tuple[Part, ...]:
        """The quote's pieces: its parts, or the whole quote as one piece."""
        return self.parts or (Part(self.text, self.start, self.end),)

    @property
    def content(self) -> str:
        """What was said, without the attribution: the pieces' texts joined by " … ".

        For a quote in one piece this is ``text``. For “We are ready,” she said. “We
        leave at dawn.” it is “We are ready,” … “We leave at dawn.”, while ``text`` (the
        span ``document[start:end]``, as in JSON and CSV) keeps the “she said” between.
        """
        return " … ".join(p.text for p in self.parts) if self.parts else self.text

    def __repr__(self) -> str:
        # one line of about 80 characters: kind, who, the first words
        who = (self.speaker.name or self.speaker.text) if self.speaker else None
        head = f"Quote({self.kind}, {_clip(who, 24)!r}, "
        return f"{head}{_clip(self.text, max(12, 76 - len(head)))!r})"


@dataclass(frozen=True, slots=True)
class Mention(_SpanRecord):
    """One mention of an entity as written ("Dana Whitcombe", "she", "the chief executive")."""

    text: str
    start: int
    end: int


#: The kinds of entity a record's ``entities`` lists (and ``doc.spans["entities"]`` holds): the
#: speaker kinds but "unknown". The entity stage also keeps things and unknown noun phrases,
#: which no one quotes and which would bury the people.
ENTITY_KINDS: tuple[str, ...] = ("person", "organization", "group", "document")


@dataclass(frozen=True, slots=True)
class EntityRecord:
    """A person, organisation, group or document of a document, with every mention of it: one
    entry of a record's ``entities`` (``--entities``, ``extract_many(entities=True)``).

    ``name``, ``kind``, ``gender`` and ``gender_evidence`` mean what they mean for a
    :class:`Speaker`; ``titles`` lists the roles written around any mention (a speaker's
    ``title`` joins them with "; "); ``mentions`` are in text order.
    """

    name: str | None
    kind: SpeakerKind
    titles: tuple[str, ...] = ()
    gender: str | None = None
    gender_evidence: str | None = None
    mentions: tuple[Mention, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "kind": self.kind,
            "titles": list(self.titles),
            "gender": self.gender,
            "gender_evidence": self.gender_evidence,
            "mentions": [m.to_dict() for m in self.mentions],
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> EntityRecord:
        """The inverse of :meth:`to_dict`; also reads the entity stage's own records
        (``doc._.entity_records``), whose extra fields are ignored. Mentions come out in text
        order."""
        mentions = sorted(
            (Mention.from_dict(m) for m in d.get("mentions") or ()), key=lambda m: (m.start, m.end)
        )
        return cls(
            d.get("name"),
            d.get("kind", "unknown"),
            tuple(d.get("titles") or ()),
            d.get("gender"),
            d.get("gender_evidence"),
            tuple(mentions),
        )

    def shifted(self, offset: int) -> EntityRecord:
        """The same entity with every mention ``offset`` characters further on."""
        if offset == 0:
            return self
        return replace(self, mentions=tuple(m.shifted(offset) for m in self.mentions))


@dataclass(frozen=True, slots=True)
class Result:
    """The quotes of one document. ``text`` is the text the offsets refer to."""

    id: str
    text: str
    quotes: tuple[Quote, ...] = field(default_factory=tuple)
    #: True when ``text`` is not the caller's input verbatim (HTML extracted to text), so the
    #: record must carry it for its offsets to be checkable.
    text_derived: bool = False
    #: Set when the rules failed on this document (its quotes are then empty); the run goes on.
    error: str | None = None
    #: The document's people, organisations, groups and documents, in order of first mention,
    #: when asked for (``extract_many(entities=True)``); None otherwise, and then the record has
    #: no ``entities`` field.
    entities: tuple[EntityRecord, ...] | None = None

    def __repr__(self) -> str:
        # never the whole text: notebooks and logs print results by the thousand
        error = ", error" if self.error else ""
        entities = f", entities={len(self.entities)}" if self.entities is not None else ""
        return (
            f"Result(id={_clip(self.id, 60)!r}, text={len(self.text):,} chars, "
            f"quotes={len(self.quotes)}{entities}{error})"
        )

    def _repr_html_(self) -> str:
        """The document with its quotes highlighted, for Jupyter."""
        from .html import render_fragment

        return render_fragment(self)

    def to_dict(self, *, include_text: bool | None = None) -> dict[str, Any]:
        """The document's JSONL record; ``text`` is included when the offsets need it."""
        record: dict[str, Any] = {"id": self.id}
        if include_text or (include_text is None and self.text_derived):
            record["text"] = self.text
        record["quotes"] = [q.to_dict() for q in self.quotes]
        if self.entities is not None:
            record["entities"] = [e.to_dict() for e in self.entities]
        if self.error:
            record["error"] = self.error
        return record


def _clip(text: str | None, limit: int) -> str | None:
    """``text`` on one line, at most ``limit`` characters (an ellipsis where it was cut)."""
    if text is None:
        return None
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
