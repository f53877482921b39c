"""Speaker resolution across the document, by rules.

People are gathered into clusters by name: every PERSON entity and every named speaker mention
("Pentagon Press Secretary John Kirby", "Kirby", "Mr. Kirby") joins the cluster of the fullest
name it fits, and the cluster collects the titles written around any of its mentions. Then:
- a surname or first name alone resolves to its cluster's fullest name;
- "he"/"she" resolves to the most salient compatible person before it: the previous quote's
  speaker, else subjects before other mentions, nearest sentence first, with gender evidence
  from honorifics, title words ("spokeswoman"), pronouns already tied to the cluster, and
  first names (gender-guesser);
- "the spokeswoman", "the minister" resolve to the most recent person carrying that title;
- "who" resolves through its antecedent; organisations and groups keep their name as written.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from functools import cache

from spacy.tokens import Doc, Span, Token

from .mentions import (
    PERSON_PRONOUNS,
    RELATIVE_PRONOUNS,
    Mention,
    analyse,
    is_title_word,
    mention_extent,
    title_gender,
    titles_of,
)
from .sentences import Sentences

_HONORIFIC_GENDER = {
    "mr": "m",
    "mr.": "m",
    "mrs": "f",
    "mrs.": "f",
    "ms": "f",
    "ms.": "f",
    "miss": "f",
    "sir": "m",
    "dame": "f",
    "lord": "m",
    "lady": "f",
}
_PRONOUN_WINDOW = 12  # sentences searched back for a pronoun's antecedent


@cache
def _gender_detector():
    try:
        import gender_guesser.detector as gd
    except ImportError:  # optional signal only
        return None
    return gd.Detector(case_sensitive=False)


def first_name_gender(name: str) -> str | None:
    det = _gender_detector()
    if det is None or not name.isalpha():
        return None
    g = det.get_gender(name)
    return {"male": "m", "female": "f", "mostly_male": "m", "mostly_female": "f"}.get(g)


def _key(word: str) -> str:
    word = unicodedata.normalize("NFKD", word)
    return "".join(c for c in word if not unicodedata.combining(c)).lower().strip(".’'")


@dataclass(slots=True)
class Person:
    """A person of the document: the fullest name seen, and all titles and gender evidence."""

    name: str
    tokens: list[str]
    titles: list[str] = field(default_factory=list)
    votes: dict[str, int] = field(default_factory=lambda: {"m": 0, "f": 0})

    @property
    def gender(self) -> str | None:
        m, f = self.votes["m"], self.votes["f"]
        if m > f:
            return "m"
        if f > m:
            return "f"
        return None

    def add_title(self, title: str) -> None:
        if title and title.lower() not in (t.lower() for t in self.titles):
            self.titles.append(title)

    @property
    def title(self) -> str | None:
        return "; ".join(self.titles) if self.titles else None


@dataclass(frozen=True, slots=True)
class Resolved:
    """A speaker mention resolved: its name, titles and kind."""

    name: str | None
    title: str | None
    kind: str
    person: Person | None = None


def _name_words(doc: Doc, lo: int, hi: int) -> list[str]:
    words = []
    for t in doc[lo:hi]:
        if t.is_punct and t.text not in ("-",):
            continue
        if _key(t.text) in _HONORIFIC_GENDER or is_title_word(t):
            continue
        words.append(t.text)
    return words


class Resolver:
    """Resolves the speaker mentions of one Doc."""

    def __init__(self, doc: Doc, sents: Sentences | None = None) -> None:
        self.doc = doc
        self.sents = sents if sents is not None else Sentences(doc)
        self.people: list[Person] = []
        # token index of a mention head → person, for every person mention in the document
        self.at: dict[int, Person] = {}
        self._build()

    # ---- clusters ----------------------------------------------------------------------
    def _build(self) -> None:
        doc = self.doc
        mentions: list[tuple[Span, list[str]]] = []
        for ent in doc.ents:
            if ent.label_ != "PERSON":
                continue
            lo, hi = ent.start, ent.end
            while hi > lo and doc[hi - 1].tag_ == "POS":
                hi -= 1
            words = _name_words(doc, lo, hi)
            if words:
                mentions.append((doc[lo:hi], words))
        # fullest names first, so "Kirby" finds "John Kirby" even when it comes first
        for span, words in sorted(mentions, key=lambda m: -len(m[1])):
            person = self._match(words)
            if person is None:
                person = Person(" ".join(words), [_key(w) for w in words])
                self.people.append(person)
            elif len(words) > len(person.tokens):
                person.name, person.tokens = " ".join(words), [_key(w) for w in words]
            for t in span:
                self.at[t.i] = person
        for span, _ in mentions:
            person = self.at.get(span.root.i)
            if person is not None:
                self._evidence(person, span)
        for person in self.people:
            g = first_name_gender(person.name.split()[0]) if len(person.tokens) > 1 else None
            if g:
                person.votes[g] += 1

    def _match(self, words: list[str]) -> Person | None:
        keys = [_key(w) for w in words]
        best: Person | None = None
        for p in self.people:
            if keys == p.tokens:
                return p
            if len(keys) == 1:
                # a surname, or a first name when unambiguous
                if keys[0] == p.tokens[-1] or (keys[0] == p.tokens[0] and len(p.tokens) > 1):
                    best = p if best is None or keys[0] == p.tokens[-1] else best
            elif keys[-1] == p.tokens[-1] and (
                keys[0] == p.tokens[0] or keys[0][:1] == p.tokens[0][:1]
            ):
                best = best or p
        return best

    def _evidence(self, person: Person, span: Span) -> None:
        """Titles and gender written around one mention of a person."""
        doc = self.doc
        for title in titles_of(doc, span.start, span.end):
            person.add_title(title)
            for w in title.split():
                g = title_gender(w)
                if g:
                    person.votes[g] += 2
        if span.start > 0:
            g = _HONORIFIC_GENDER.get(doc[span.start - 1].lower_)
            if g:
                person.votes[g] += 3

    # ---- resolution --------------------------------------------------------------------
    def person_at(self, mention: Mention) -> Person | None:
        if mention.name_start is not None:
            for i in range(mention.name_start, mention.name_end or mention.name_start):
                if i in self.at:
                    return self.at[i]
        return self.at.get(mention.head)

    def resolve(self, mention: Mention, previous: Person | None) -> Resolved:
        """Resolve one mention; ``previous`` is the previous quote's speaker, if a person."""
        doc = self.doc
        if mention.pronoun in RELATIVE_PRONOUNS:
            head = doc[mention.head]
            verb = head.head
            if verb.dep_ == "relcl" and verb.head.i != verb.i:
                ante = verb.head
                ext = mention_extent(ante)
                return self.resolve(analyse(doc, ante, ext), previous)
            return Resolved(None, None, "unknown")
        if mention.pronoun in PERSON_PRONOUNS and mention.pronoun not in ("i", "me"):
            person = self._antecedent(mention.head, mention.gender, previous)
            if person is not None:
                if mention.gender:
                    person.votes[mention.gender] += 1
                return Resolved(person.name, person.title, "person", person)
            return Resolved(None, None, "person")
        if mention.pronoun is not None:
            text = doc[mention.start : mention.end].text
            return Resolved(text, None, mention.kind)
        if mention.name is None and doc[mention.head].pos_ == "PROPN":
            # NER often calls a surname an ORG ("Ramaswamy said"): a known person's name wins
            words = _name_words(doc, mention.start, mention.end)
            words = [w for w in words if w.lower() not in ("the", "a", "an")]
            known = self._match(words) if 1 <= len(words) <= 3 else None
            if known is not None:
                return Resolved(known.name, known.title, "person", known)
        if mention.kind == "person" and mention.name is not None:
            person = self.person_at(mention)
            if person is None:
                words = mention.name.split()
                person = self._match(words) or Person(mention.name, [_key(w) for w in words])
                if person not in self.people:
                    self.people.append(person)
            for t in mention.titles:
                person.add_title(t)
            if mention.gender:
                person.votes[mention.gender] += 2
            return Resolved(person.name, person.title, "person", person)
        if mention.kind == "person":
            # "the spokeswoman": the most recent person carrying that title
            head = doc[mention.head]
            person = self._by_title(head)
            if person is not None and doc[mention.start].lower_ in ("the", "this", "that"):
                return Resolved(person.name, person.title, "person", person)
            text = doc[mention.start : mention.end].text
            return Resolved(text, "; ".join(mention.titles) or None, "person")
        text = doc[mention.start : mention.end].text
        return Resolved(text, None, mention.kind)

    def _by_title(self, head: Token) -> Person | None:
        word = head.lemma_.lower()
        seen: Person | None = None
        for i in range(head.i - 1, -1, -1):
            p = self.at.get(i)
            if p is not None and p is not seen:
                seen = p
                if any(word in t.lower().split() for t in p.titles):
                    return p
        return None

    def _antecedent(self, pron: int, gender: str | None, previous: Person | None) -> Person | None:
        def fits(p: Person) -> bool:
            return gender is None or p.gender is None or p.gender == gender

        sent_start, _ = self.sents.of(pron)
        # mentions earlier in the pronoun's own sentence
        for p in self._mentions_in(sent_start, pron):
            if fits(p):
                return p
        if previous is not None and fits(previous) and self._still_topic(previous, pron):
            # the previous quote's speaker stays the topic unless someone else was named since
            return previous
        return self._search_back(pron, fits)

    def _still_topic(self, person: Person, pron: int) -> bool:
        """No other person is the subject of the two sentences before the pronoun's."""
        i = pron
        for _ in range(2):
            prev = self.sents.before(i)
            if prev is None:
                break
            for p, is_subj in self._people_in(*prev):
                if is_subj:
                    return p is person
            i = prev[0]
        return True

    def _search_back(self, pron: int, fits) -> Person | None:
        i = pron
        for _ in range(_PRONOUN_WINDOW):
            prev = self.sents.before(i)
            if prev is None:
                return None
            ranked = sorted(self._people_in(*prev), key=lambda x: not x[1])
            for p, _subj in ranked:
                if fits(p):
                    return p
            i = prev[0]
        return None

    def _mentions_in(self, start: int, end: int) -> list[Person]:
        return [p for p, _ in sorted(self._people_in(start, end), key=lambda x: not x[1])]

    def _people_in(self, start: int, end: int) -> list[tuple[Person, bool]]:
        out: list[tuple[Person, bool]] = []
        seen: set[int] = set()
        for i in range(start, end):
            p = self.at.get(i)
            if p is None or id(p) in seen:
                continue
            seen.add(id(p))
            tok = self.doc[i]
            root = tok
            while root.dep_ in ("compound", "flat", "appos") and root.head.i != root.i:
                root = root.head
            out.append((p, root.dep_ in ("nsubj", "nsubjpass")))
        return out
