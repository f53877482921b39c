"""Mentions → entities: the passes that join mentions into clusters, most certain first.

1. names: full names first, then short forms join the fullest name they fit ("Kirby" → "John
   Kirby"; a surname shared by two people goes to the one named just before, else the one named
   most; an honorific against the first name's gender is someone else: "Mr. Obama" ≠ Michelle);
   organisations and places by their name as written;
2. appositions and predicatives: "X, the team's captain", "X is the director of Y" (the
   description joins X, and gives X a title);
3. coordinated people ("Ana Ruiz and Tom Berg") make a group of their own;
4. relative pronouns ("who", "which") join what their clause modifies;
5. definite descriptions ("the spokeswoman", "the agency", "the 31-year-old midfielder") join
   the last entity they fit, within a window (quotes/entities/descriptions.py);
6. pronouns by salience (quotes/entities/pronouns.py);
7. documents ("a statement from the council", "the council's release") know their issuer.
Each pass looks back over a bounded window, so the stage is linear in the number of mentions.
"""

from __future__ import annotations

from bisect import bisect_left, insort
from dataclasses import dataclass, field

import numpy
from spacy.attrs import DEP, HEAD
from spacy.strings import get_string_id
from spacy.tokens import Doc, Token

from ..lexicon import Lexicon
from ..text import TextModel
from .detect import Mention, age_in, find_mentions
from .gender import first_name_gender
from .names import Name, could_be, fold, parse_name
from .titles import appositions, before_name, phrase_extent, tidy, title_key

# A surname shared by several people goes to the one named within this many sentences before.
RECENT_SENTENCES = 2
_COPULAS = frozenset(("be", "become", "remain"))
_PERSON_LIKE = ("person", "unknown")


_MINOR_WORDS = frozenset(("of", "the", "and", "for", "on", "in", "&"))


def _initials(label: str) -> str:
    """ "World Health Organisation" → "WHO" (minor words left out)."""
    words = [w for w in label.split() if w.lower() not in _MINOR_WORDS]
    return "".join(w[0] for w in words if w[:1].isupper())


#: People sharing a word that a name is compared with (the latest named).
_NAMESAKES = 16


def _index(index: dict[str, list[int]], key: str, c: int) -> None:
    found = index.setdefault(key, [])
    if c not in found[-1:]:
        found.append(c)


_CONJ = numpy.uint64(get_string_id("conj"))


def _conj_hosts(doc: Doc) -> set[int]:
    """Tokens with a conjunct hung on them (read from the Doc's arrays)."""
    if not len(doc):
        return set()
    arr = doc.to_array([DEP, HEAD])
    at = numpy.flatnonzero(arr[:, 0] == _CONJ)
    return set((at + arr[at, 1].astype("int64")).tolist())  # HEAD: offsets, as uint64


def _label_key(label: str) -> str:
    """Organisation names compared: "the Pentagon" ~ "Pentagon"."""
    key = fold(label)
    return key[4:] if key.startswith("the ") else key


@dataclass(slots=True)
class Cluster:
    """An entity while the document is read (frozen into an Entity at the end)."""

    kind: str
    mentions: list[int] = field(default_factory=list)
    name: Name | None = None  # a person's fullest name
    label: str | None = None  # the name as written, for others
    written: list[tuple[int, str]] = field(default_factory=list)  # (token, title)
    votes: dict[str, dict[str, int]] = field(default_factory=dict)
    named: int = 0  # name mentions, to choose between namesakes
    members: tuple[int, ...] = ()  # a group's people (cluster indices)
    age: int | None = None  # "Callum Brannock, 33," / "33-year-old Callum Brannock"
    heads: list[int] = field(default_factory=list)  # head tokens of its mentions, sorted
    plural: bool = False  # called "they": never "he" or "she" too

    def before(self, token: int) -> int:
        """How many of its mentions come before ``token``."""
        return bisect_left(self.heads, token)

    def vote(self, evidence: str, gender: str | None, weight: int = 1) -> None:
        if gender in ("m", "f"):
            counts = self.votes.setdefault(evidence, {"m": 0, "f": 0})
            counts[gender] += weight

    def add_title(self, title: str | None, at: int) -> None:
        """Add a title written at token ``at``, unless one that says as much is there ("Sen."
        and "Senator"; "spokeswoman" after "a spokeswoman for the force"); one that says more
        replaces it."""
        if not title:
            return
        words = set(title_key(title).split())
        for n, (_, old) in enumerate(self.written):
            known = set(title_key(old).split())
            if words <= known:
                return
            if known < words:
                self.written[n] = (at, title)
                return
        self.written.append((at, title))

    @property
    def titles(self) -> list[str]:
        """The titles in text order."""
        return [t for _, t in sorted(self.written)]

    @property
    def gender(self) -> str | None:
        """The gender all evidence so far gives (a tie: None)."""
        m = sum(c["m"] for c in self.votes.values())
        f = sum(c["f"] for c in self.votes.values())
        return "m" if m > f else "f" if f > m else None

    @property
    def display(self) -> str | None:
        return self.name.text if self.name is not None else self.label


class Clusters:
    """The mentions of one Doc and the clusters they are joined into."""

    def __init__(self, doc: Doc, text: TextModel, lex: Lexicon) -> None:
        self.doc = doc
        self.text = text
        self.lex = lex
        self.mentions: list[Mention] = find_mentions(doc, lex, text.dateline)
        self.of: list[int | None] = [None] * len(self.mentions)
        #: sentence index of each mention (non-decreasing: mentions are in text order)
        self.sentences = [text.sent_index(m.head) for m in self.mentions]
        self.clusters: list[Cluster] = []
        #: head token → mention index
        self.at: dict[int, int] = {m.head: k for k, m in enumerate(self.mentions)}
        #: head token of a coordination → the group cluster of its people
        self.groups: dict[int, int] = {}
        #: mention index of a document → the cluster of its issuer
        self.issuers: dict[int, int] = {}
        # indexes, so that a name is compared with the clusters it could be, not all of them
        # (linear in the mentions): person clusters by their name's words, others by label
        # and by the initials of their label (a query checks what it finds: kinds change)
        self._by_key: dict[str, list[int]] = {}
        self._by_label: dict[str, list[int]] = {}
        self._by_initials: dict[str, list[int]] = {}
        self._by_first: dict[str, list[int]] = {}
        self._by_last: dict[str, list[int]] = {}

    # ---- joining -----------------------------------------------------------------------
    def new(self, k: int, kind: str) -> int:
        self.clusters.append(Cluster(kind))
        return self.join(k, len(self.clusters) - 1)

    def join(self, k: int, c: int) -> int:
        if self.of[k] is None:
            self.of[k] = c
            cl = self.clusters[c]
            cl.mentions.append(k)
            insort(cl.heads, self.mentions[k].head)
        return c

    def set_name(self, c: int, name: Name) -> None:
        self.clusters[c].name = name
        for key in name.keys:
            _index(self._by_key, key, c)

    def set_label(self, c: int, label: str | None) -> None:
        self.clusters[c].label = label
        if label:
            _index(self._by_label, _label_key(label), c)
            _index(self._by_initials, _initials(label), c)
            words = _label_key(label).split()
            if len(words) > 1:
                _index(self._by_first, words[0], c)
                _index(self._by_last, words[-1], c)

    def cluster(self, k: int) -> Cluster | None:
        c = self.of[k]
        return self.clusters[c] if c is not None else None

    def sentence(self, k: int) -> int:
        """Index of the sentence holding mention k."""
        return self.sentences[k]

    # ---- 1. names ----------------------------------------------------------------------
    def names(self) -> None:
        named = [k for k, m in enumerate(self.mentions) if m.form == "name"]
        parsed = {k: self._parse(k) for k in named}
        people = [k for k in named if self.mentions[k].kind in _PERSON_LIKE and parsed[k]]
        # organisations named in full first (a short form of one is no person: "Veldhaven"
        # after "Veldhaven Bank"); then people's full names, in text order; then the short
        # forms join the fittest of them
        for k in named:
            name = parsed[k]
            if self.mentions[k].kind == "organization" and name is not None and len(name.keys) > 1:
                self._name_other(k, name)
        for k in people:
            name = parsed[k]
            if name is not None and len(name.keys) > 1:
                self._name_person(k, name)
        for k in people:
            name = parsed[k]
            if name is not None and len(name.keys) == 1:
                self._name_person(k, name)
        for k in named:
            if self.of[k] is None:
                self._name_other(k, parsed[k])

    def _parse(self, k: int) -> Name | None:
        m = self.mentions[k]
        if m.name_start < 0:
            return None
        lo = m.name_start
        # an honorific right before the name ("Mr. | Obama") is part of how it is written
        if lo > m.start and self.doc[lo - 1].lower_ in self.lex.honorifics:
            lo -= 1
        return parse_name(list(self.doc[lo : m.name_end]), self.lex)

    def _name_person(self, k: int, name: Name) -> None:
        m = self.mentions[k]
        known = self.match(name, m.head)
        if known is None and len(name.keys) == 1 and name.honorific is None:
            company = self._short_form(name.keys[0], m.head)
            if company is not None:  # "Veldhaven said …" after "Veldhaven Bank" (NER: PERSON)
                self.join(k, company)
                return
        if known is None:
            if m.kind == "unknown" and not self._person_evidence(k, name):
                return  # a proper noun nobody calls a person: left for _name_other
            known = self.new(k, "person")
        self.join(k, known)
        c = self.clusters[known]
        c.kind = "person"
        if c.name is None or len(name.keys) > len(c.name.keys):
            self.set_name(known, name)
        c.named += 1
        c.age = c.age or self._age(m)
        c.vote("honorific", name.honorific_gender, 3)
        c.vote("title", m.gender, 2)
        if len(name.keys) > 1 and "first name" not in c.votes:
            c.vote("first name", first_name_gender(name.first))

    def _age(self, m: Mention) -> int | None:
        """An age written with a name: "Callum Brannock, 33," or "33-year-old X"."""
        doc = self.doc
        for c in doc[m.head].children:
            if c.i > m.head and c.dep_ in ("appos", "npadvmod", "amod") and c.text.isdigit():
                return int(c.text) if 0 < int(c.text) < 120 else None
        return age_in(doc, m.start, m.name_start) if m.name_start > m.start else None

    def _person_evidence(self, k: int, name: Name) -> bool:
        """A proper noun NER did not tag is a person with an honorific, a role title before
        it, or a known first name (alone too: "Moreau's sister, Sylvie")."""
        m = self.mentions[k]
        return bool(
            name.honorific
            or before_name(self.doc, m.start, m.name_start, self.lex)
            or first_name_gender(self.doc[m.name_start].text)
        )

    def match(self, name: Name, at: int) -> int | None:
        """The person cluster a name belongs to (see the module's docstring)."""
        # could_be needs a word in common: the surname (the last word that is no particle)
        # for a name of several words, the word itself for one
        core = [k for k in name.keys if k not in self.lex.name_particles] or list(name.keys)
        keys = core[-1:] if len(name.keys) > 1 else name.keys
        # (the latest few: a word shared by more people than that decides nothing)
        near = sorted({c for key in keys for c in self._by_key.get(key, ())[-_NAMESAKES:]})
        people = [
            c
            for c in near
            if self.clusters[c].kind == "person" and self.clusters[c].name is not None
        ]
        for c in people:
            if self.clusters[c].name.keys == name.keys and len(name.keys) > 1:  # type: ignore[union-attr]
                return c
        fits = [c for c in people if could_be(name, self.clusters[c].name, self.lex)]  # type: ignore[arg-type]
        if name.honorific_gender is not None:
            fits = [c for c in fits if self._gender_of(c) in (None, name.honorific_gender)]
        if len(name.keys) == 1:
            surname = [c for c in fits if self.clusters[c].name.keys[-1] == name.keys[0]]  # type: ignore[union-attr]
            first = [c for c in fits if c not in surname and len(self.clusters[c].name.keys) > 1]  # type: ignore[union-attr]
            fits = surname or (first if len(first) == 1 else [])
        if len(fits) > 1:
            recent = self._recent(fits, at)
            if recent is not None:
                return recent
        return max(fits, key=lambda c: self.clusters[c].named) if fits else None

    def _gender_of(self, c: int) -> str | None:
        cl = self.clusters[c]
        return cl.gender

    def _recent(self, candidates: list[int], at: int) -> int | None:
        """The candidate whose mention comes last in the sentences just before token ``at``
        (or earlier in its own sentence)."""
        sent = self.text.sent_index(at)
        best: tuple[int, int] | None = None
        for c in candidates:
            heads = self.clusters[c].heads
            n = bisect_left(heads, at)
            if n and sent - self.text.sent_index(heads[n - 1]) <= RECENT_SENTENCES:
                best = max(best or (heads[n - 1], c), (heads[n - 1], c))
        return best[1] if best is not None else None

    def _name_other(self, k: int, name: Name | None) -> None:
        """Organisations, places and groups by their name as written; a proper noun that is a
        known person's surname is that person (NER often calls a surname an ORG)."""
        m = self.mentions[k]
        if name is not None and len(name.keys) == 1:
            known = self.match(name, m.head)
            if known is not None:
                self.join(k, known)
                self.clusters[known].named += 1
                return
        lo = m.name_start
        if lo > m.start and self.doc[lo - 1].lower_ == "the":
            lo -= 1  # written as "the Pentagon", "the U.S."
        label = self.doc[lo : m.name_end].text if m.name_start >= 0 else ""
        label = label.removesuffix("'s").removesuffix("’s")
        key = _label_key(label)
        for c in self._by_label.get(key, ()):
            cl = self.clusters[c]
            if cl.kind == m.kind and cl.label is not None and _label_key(cl.label) == key:
                self.join(k, c)
                return
        expanded = self._expansion(label)
        if expanded is None and self._may_be_short(m) and " " not in key:
            expanded = self._short_form(key, m.head, label.lower().startswith("the "))
        if expanded is not None:
            self.join(k, expanded)
            return
        c = self.new(k, m.kind)
        self.set_label(c, label or None)

    def _may_be_short(self, m: Mention) -> bool:
        """Can this name be an organisation's short form? Organisations and unknowns; a
        place only as the subject of a speech verb ("Tidemark says" after "Tidemark Energy":
        NER took it for a place; "in Toronto" after "Toronto Hydro" stays the city)."""
        if m.kind in ("organization", "unknown"):
            return True
        verb = self.doc[m.head].head
        speaks = self.lex.cue_tier(verb.lemma_.lower()) is not None
        return m.kind == "place" and m.role == "subj" and speaks

    def _short_form(self, key: str, at: int, definite: bool = False) -> int | None:
        """ "Tidemark" after "Tidemark Energy", "Calloway" after "Calloway Appliance Co.": an
        organisation named by the first word of its name (the latest so named); "the
        Conservancy" after "the Kestrel Valley Conservancy": by its last word, when that word
        says what kind of body it is."""
        found = list(self._by_first.get(key, ()))
        if definite and (key in self.lex.org_words or key in self.lex.org_suffixes):
            found += self._by_last.get(key, ())
        best = None
        for c in found:
            cl = self.clusters[c]
            if cl.kind == "organization" and cl.label and cl.heads and cl.heads[0] < at:
                best = max(best or (cl.heads[0], c), (cl.heads[0], c))
        return best[1] if best is not None else None

    def _expansion(self, label: str) -> int | None:
        """The organisation an acronym stands for: "WHO" after "the World Health
        Organisation", "NTSB" after "the National Transportation Safety Board"."""
        if not (2 <= len(label) <= 6 and label.isalpha() and label.isupper()):
            return None
        for c in self._by_initials.get(label, ()):
            cl = self.clusters[c]
            if cl.kind in ("organization", "group") and cl.label and _initials(cl.label) == label:
                return c
        return None

    # ---- 2. appositions and predicatives -----------------------------------------------
    def appositions(self) -> None:
        """A description in apposition to a mention, or said of it by "is", joins it (and
        the other way round: "Pentagon spokeswoman, Navy Cmdr. Jessica McNulty")."""
        for k, m in enumerate(self.mentions):
            host = self._described(k)
            if host is None:
                continue
            a, b = (k, host) if self.of[k] is None else (host, k)
            c = self.groups.get(self.mentions[b].head, self.of[b])
            if c is None or self.of[a] is not None or not self._describes(a):
                continue
            self.join(a, c)
            ma = self.mentions[a]
            person = ma.form == "description" and ma.kind == "person" and not ma.plural
            if person and self.clusters[c].kind in ("unknown", "organization", "place"):
                self.clusters[c].kind = "person"  # "their child, Gloria" (NER: a place)
            head = self.doc[m.head]
            if head.dep_ == "attr" and self.clusters[c].kind == "person":
                lo, hi = phrase_extent(head)
                self.clusters[c].add_title(tidy(self.doc[lo:hi].text, self.lex), lo)

    def _describes(self, k: int) -> bool:
        """Can mention k describe another: a description, or a title written as a name
        ("Professor Cres Eastman, Director of the National Iodine Nutrition study")."""
        m = self.mentions[k]
        if m.form == "description":
            return True
        head = self.doc[m.head]
        return m.form == "name" and (
            head.lower_ in self.lex.titles or head.lower_ in self.lex.ranks
        )

    def _described(self, k: int) -> int | None:
        """The mention mention k is said of: the head it is in apposition to, or the subject
        of "is"/"becomes" when it is the predicate."""
        head = self.doc[self.mentions[k].head]
        if head.dep_ == "appos":
            lo, hi = sorted((head.i, head.head.i))
            if any(t.text == ":" for t in self.doc[lo:hi]):
                return None  # "DELGADO-PRICE: Councillor Theo Marchbanks, thank you": a label
            return self.at.get(head.head.i)
        if head.dep_ == "attr" and head.head.lemma_ in _COPULAS:
            subj = next((c for c in head.head.children if c.dep_ == "nsubj"), None)
            return self.at.get(subj.i) if subj is not None else None
        return None

    @staticmethod
    def _top(tok: Token) -> Token:
        """The noun phrase a name sits in, through appositions and compounds."""
        while tok.dep_ in ("appos", "compound", "flat") and tok.head.i != tok.i:
            tok = tok.head
        return tok

    def name_titles(self) -> None:
        """Titles written around every person name (before it, in apposition)."""
        for k, m in enumerate(self.mentions):
            cl = self.cluster(k)
            if m.form != "name" or cl is None or cl.kind != "person":
                continue
            lo, _ = phrase_extent(self._top(self.doc[m.head]))
            cl.add_title(before_name(self.doc, lo, m.name_start, self.lex), m.start)
            for at, title in appositions(self.doc[m.head], m.name_start, self.lex):
                cl.add_title(title, at)
                for w in title.split():
                    cl.vote("title", self.lex.title_gender(w), 2)

    # ---- 3. coordinated people ---------------------------------------------------------
    def _people(self, parts: list[int]) -> bool:
        """Are these coordinated mentions all people? A bare proper noun coordinated with a
        person is one too ("Kwame and Efua Mensah", "Giorgos and Eleni Vlachos")."""
        kinds = [self.clusters[c].kind if (c := self.of[j]) is not None else None for j in parts]
        if "person" not in kinds:
            return False
        for j, kind in zip(parts, kinds, strict=True):
            m = self.mentions[j]
            if kind == "person":
                continue
            if m.form != "name" or m.name_end - m.name_start != 1 or kind not in (None, "unknown"):
                return False
            cl = self.of[j]
            if cl is None:
                cl = self.new(j, "person")
            self.clusters[cl].kind = "person"
            self.clusters[cl].label = None
            word = self.doc[m.name_start].text
            self.set_name(cl, Name(word, (fold(word),)))
        return True

    def coordinations(self) -> None:
        """People written together ("Ana Ruiz and Tom Berg", "Giorgos and Eleni Vlachos")
        are a group of their own, named as written; a description they are coordinated
        with by the parser ("The restaurant's owners, Giorgos and …") says what they are."""
        hosts = _conj_hosts(self.doc)
        for k, m in enumerate(self.mentions):
            if m.head not in hosts:
                continue  # nothing coordinated with it (a test on arrays first)
            head = self.doc[m.head]
            if head.dep_ == "conj":
                continue
            parts = [k, *(j for j in (self.at.get(t.i) for t in head.conjuncts) if j is not None)]
            if m.form == "description" and len(parts) > 2:
                parts = parts[1:]
            if len(parts) < 2 or not self._people(parts):
                continue
            people = [self.of[j] for j in parts]
            first, last = self.mentions[parts[0]], self.mentions[parts[-1]]
            group = Cluster("group", members=tuple(c for c in people if c is not None))
            self.clusters.append(group)
            self.set_label(len(self.clusters) - 1, self.doc[first.name_start : last.name_end].text)
            self.groups[m.head] = len(self.clusters) - 1
            # where the group is written (its first conjunct), so "they" can find it
            group.heads.append(m.head)
