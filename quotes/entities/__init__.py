"""The people, organisations and groups of a document, with their mentions clustered.

``find_entities(doc, text, lex)`` runs the passes of ``cluster.py`` (names, appositions,
coordinations), ``descriptions.py`` (relative pronouns, definite descriptions, documents) and
``pronouns.py`` (salience), and returns an :class:`Entities`: frozen :class:`Entity` records
(name, kind, titles, gender and the evidence for it, mentions with character offsets) and the
lookups quote assembly asks (which entity a mention's head token belongs to, the group a
coordination makes, the issuer of a document). The ``quotes_entities`` component stores them
on ``doc._.entities``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, Literal

from spacy.tokens import Doc

from ..lexicon import Lexicon
from ..text import TextModel
from .cluster import Cluster, Clusters
from .descriptions import (
    as_roles,
    descriptions,
    documents,
    introductions,
    named_descriptions,
    relatives,
)
from .first_person import first_person
from .gender import decide, label
from .pronouns import PronounResolver
from .title_pass import complete_titles
from .titles import phrase_extent, role_noun

EntityKind = Literal["person", "organization", "group", "place", "document", "thing", "unknown"]

__all__ = ["Entities", "Entity", "EntityMention", "find_entities"]


@dataclass(frozen=True, slots=True)
class EntityMention:
    """One mention: characters ``start``..``end`` (``text``), its form ("name", "pronoun",
    "description", "relative", or "coordination" for a group's "A and B"), its tokens, and
    for a document the id of its issuer."""

    start: int
    end: int
    text: str
    form: str
    token_start: int
    token_end: int
    head: int
    issuer: int | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"start": self.start, "end": self.end, "text": self.text}
        out["form"] = self.form
        out["tokens"] = [self.token_start, self.token_end, self.head]
        if self.issuer is not None:
            out["issuer"] = self.issuer
        return out

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> EntityMention:
        ts, te, head = d["tokens"]
        return cls(d["start"], d["end"], d["text"], d["form"], ts, te, head, d.get("issuer"))


@dataclass(frozen=True, slots=True)
class Entity:
    """A person, organisation, group or document of the document.

    ``name`` is the fullest name ("John Kirby"; a group of people joins theirs with " and ";
    an unnamed one is written as its first mention: "the agency"); ``titles`` the roles written
    around any of its mentions; ``gender`` "female", "male" or None, from the evidence named in
    ``gender_evidence`` ("pronoun", "honorific", "title" or "first name")."""

    id: int
    name: str | None
    kind: EntityKind
    titles: tuple[str, ...]
    gender: str | None
    gender_evidence: str | None
    mentions: tuple[EntityMention, ...]
    members: tuple[int, ...] = ()

    @property
    def title(self) -> str | None:
        return "; ".join(self.titles) if self.titles else None

    def to_dict(self) -> dict[str, Any]:
        """The entity as plain data (a record's ``entities``, ``doc._.entity_records``)."""
        return {
            "id": self.id,
            "name": self.name,
            "kind": self.kind,
            "titles": list(self.titles),
            "gender": self.gender,
            "gender_evidence": self.gender_evidence,
            "mentions": [m.to_dict() for m in self.mentions],
            "members": list(self.members),
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Entity:
        return cls(
            d["id"],
            d.get("name"),
            d.get("kind", "unknown"),
            tuple(d.get("titles") or ()),
            d.get("gender"),
            d.get("gender_evidence"),
            tuple(EntityMention.from_dict(m) for m in d.get("mentions") or ()),
            tuple(d.get("members") or ()),
        )


class Entities:
    """The entities of one Doc and the lookups by head token.

    Built by the entity stage, an Entities makes each Entity when it is first asked for
    (:meth:`lazily`): the quotes need the few that speak, and most of a document's entities
    are things no quote names; iterating or :meth:`to_records` makes them all."""

    def __init__(self, entities: tuple[Entity, ...]) -> None:
        self._entities: tuple[Entity, ...] | None = entities
        self._count = len(entities)
        self._made: dict[int, Entity] = {}
        self._make: Callable[[int], Entity] | None = None
        self._by_head: dict[int, int] = {}
        self._groups: dict[int, int] = {}
        self._issuers: dict[int, int] = {}
        for e in entities:
            for m in e.mentions:
                if m.form == "coordination":
                    self._groups[m.head] = e.id
                else:
                    self._by_head[m.head] = e.id
                if m.issuer is not None:
                    self._issuers[m.head] = m.issuer

    @classmethod
    def lazily(
        cls,
        count: int,
        make: Callable[[int], Entity],
        by_head: dict[int, int],
        groups: dict[int, int],
        issuers: dict[int, int],
    ) -> Entities:
        """Entities 0 … count-1, each made by ``make`` when first asked for; the lookups by
        head token are given."""
        out = cls(())
        out._entities = None
        out._count = count
        out._make = make
        out._by_head, out._groups, out._issuers = by_head, groups, issuers
        return out

    def _get(self, n: int) -> Entity:
        if self._entities is not None:
            return self._entities[n]
        e = self._made.get(n)
        if e is None:
            assert self._make is not None
            e = self._made[n] = self._make(n)
        return e

    @property
    def entities(self) -> tuple[Entity, ...]:
        if self._entities is None:
            self._entities = tuple(self._get(n) for n in range(self._count))
            self._made.clear()
        return self._entities

    @classmethod
    def from_records(cls, records: list[dict[str, Any]]) -> Entities:
        return cls(tuple(Entity.from_dict(r) for r in records))

    def to_records(self) -> list[dict[str, Any]]:
        return [e.to_dict() for e in self.entities]

    def __iter__(self) -> Iterator[Entity]:
        return iter(self.entities)

    def __len__(self) -> int:
        return self._count

    def at(self, head: int) -> Entity | None:
        """The entity of the mention headed by token ``head``."""
        e = self._by_head.get(head)
        return self._get(e) if e is not None else None

    def group_at(self, head: int) -> Entity | None:
        """The group of people coordinated under token ``head`` ("Ana Ruiz and Tom Berg")."""
        e = self._groups.get(head)
        return self._get(e) if e is not None else None

    def issuer_of(self, head: int) -> Entity | None:
        """The issuer of the document mentioned at token ``head``."""
        e = self._issuers.get(head)
        return self._get(e) if e is not None else None

    def main_person(self, before: int) -> Entity | None:
        """The person the text has mentioned most before token ``before`` (a Q&A's
        interviewee, the subject of a profile); the first mentioned on a tie."""
        best: tuple[int, int, Entity] | None = None
        for e in self.entities:
            if e.kind != "person" or not e.name:
                continue
            seen = [m.head for m in e.mentions if m.head < before and m.form != "coordination"]
            if seen and (best is None or (len(seen), -min(seen)) > best[:2]):
                best = (len(seen), -min(seen), e)
        return best[2] if best is not None else None

    def mentions(self) -> Iterator[tuple[EntityMention, Entity]]:
        """Every mention with its entity (not the coordinations of groups)."""
        for e in self.entities:
            for m in e.mentions:
                if m.form != "coordination":
                    yield m, e


_OUT_KIND: dict[str, EntityKind] = {"place": "organization"}


def _name(c: Clusters, cl: Cluster) -> str | None:
    if cl.members and not cl.label:
        names = [c.clusters[i].display for i in cl.members]
        return " and ".join(n for n in names if n) or None
    if cl.display:
        return cl.display
    if not cl.mentions:
        return None
    first = min(cl.mentions, key=lambda k: c.mentions[k].start)
    m = c.mentions[first]
    end = _complements_end(c.doc, m.head, m.end) if m.form == "description" else m.end
    return _text(c, m.start, end)


def _text(c: Clusters, a: int, b: int) -> str:
    """The text of tokens [a, b) without their trailing whitespace (``Span.text``), read from
    the text model's offsets (no Span built)."""
    return c.text.text[c.text.starts[a] : c.text.ends[b - 1]] if b > a else ""


#: Longest description kept as a name with its prepositional complements.
_MAX_DESCRIPTION = 12


def _complements_end(doc: Doc, head: int, end: int) -> int:
    """End of a description with the prepositional phrases right after it: "the gas station
    at the end of Main Street", "the results of the national study" say whom they mean, "the
    results" does not (not clauses, appositions or conjuncts)."""
    for child in doc[head].rights:
        if child.dep_ != "prep" or child.i != end:
            break
        hi = phrase_extent(child)[1]
        if hi - doc[head].left_edge.i > _MAX_DESCRIPTION:
            break
        end = hi
    return end


def _mention(c: Clusters, k: int) -> EntityMention:
    m = c.mentions[k]
    t = c.text
    lo, hi = t.starts[m.start], t.ends[m.end - 1]
    return EntityMention(lo, hi, t.text[lo:hi], m.form, m.start, m.end, m.head, c.issuers.get(k))


def _coordination(c: Clusters, head: int) -> EntityMention:
    """The "A and B" of a group: from the first conjunct's phrase to the last's."""
    tok = c.doc[head]
    first = c.mentions[c.at[head]]
    last = max((t.i for t in tok.conjuncts), default=head)
    end = c.mentions[c.at[last]].end if last in c.at else last + 1
    span = c.doc[first.start : end]
    return EntityMention(
        span.start_char, span.end_char, span.text, "coordination", first.start, end, head
    )


def _entity(c: Clusters, n: int, cl: Cluster, coordinations: dict[int, int]) -> Entity:
    gender, evidence = decide(cl.votes) if cl.kind == "person" else (None, None)
    order = sorted(cl.mentions, key=lambda k: c.mentions[k].start)
    mentions = tuple(_mention(c, k) for k in order)
    mentions += tuple(_coordination(c, h) for h, g in coordinations.items() if g == n)
    kind = _OUT_KIND.get(cl.kind, cl.kind)
    return Entity(
        n,
        _name(c, cl),
        kind,  # type: ignore[arg-type]
        tuple(cl.titles),
        label(gender),
        evidence,
        mentions,
        cl.members,
    )


def _leftovers(c: Clusters, people: bool) -> None:
    """Mentions no pass joined: names and descriptions are entities of their own (an
    unnamed person's title is the phrase: "a spokesperson for the force")."""
    for k, m in enumerate(c.mentions):
        if (m.kind in ("person", "unknown")) != people:
            continue
        if c.of[k] is None and m.form in ("name", "description"):
            cl = c.clusters[c.new(k, m.kind)]
            if m.kind == "person" and m.form == "description":
                _, hi = phrase_extent(c.doc[m.head])
                cl.add_title(role_noun(c.doc, m.start, hi, c.doc[m.head], c.lex), m.start)


def find_entities(doc: Doc, text: TextModel, lex: Lexicon) -> Entities:
    """The entities of a parsed Doc."""
    c = Clusters(doc, text, lex)
    c.names()
    c.coordinations()
    c.appositions()
    c.name_titles()
    relatives(c, wait=True)
    named_descriptions(c)
    descriptions(c)
    introductions(c)
    relatives(c)
    # organisations and groups no pass joined are candidates for "it" and "they"; unnamed
    # people are not for "he" and "she" (a pronoun stands for a person the story names)
    _leftovers(c, people=False)
    PronounResolver(c).run()
    first_person(c)
    as_roles(c)
    _leftovers(c, people=True)
    documents(c)
    complete_titles(c)
    by_head: dict[int, int] = {}
    issuers: dict[int, int] = {}
    for n, cl in enumerate(c.clusters):
        for k in cl.mentions:
            head = c.mentions[k].head
            by_head[head] = n
            issuer = c.issuers.get(k)
            if issuer is not None:
                issuers[head] = issuer
    return Entities.lazily(
        len(c.clusters),
        lambda n: _entity(c, n, c.clusters[n], c.groups),
        by_head,
        dict(c.groups),
        issuers,
    )
