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

from spacy.attrs import LOWER
from spacy.strings import get_string_id
from spacy.tokens import Doc, Span, Token

from .lexicon import Lexicon
from .mentions import (
    PERSON_PRONOUNS,
    RELATIVE_PRONOUNS,
    Mention,
    analyse,
    is_title_word,
    mention_extent,
    titles_of,
)
from .text import TextModel

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


_EXPANSIONS = {
    "sen.": "senator",
    "rep.": "representative",
    "gov.": "governor",
    "gen.": "general",
    "lt.": "lieutenant",
    "col.": "colonel",
    "sgt.": "sergeant",
    "capt.": "captain",
    "maj.": "major",
    "adm.": "admiral",
    "dr.": "doctor",
    "prof.": "professor",
    "pres.": "president",
    "amb.": "ambassador",
    "det.": "detective",
    "insp.": "inspector",
    "supt.": "superintendent",
    "cmdr.": "commander",
    "cpl.": "corporal",
    "atty.": "attorney",
}


def _title_key(title: str) -> str:
    return " ".join(_EXPANSIONS.get(w.lower(), w.lower()) for w in title.split())


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
    count: int = 0  # name mentions, for choosing between people who share a surname
    plausible: bool = False  # evidence this "PERSON" is a person (first name, honorific, title)

    @property
    def gender(self) -> str | None:
        m, f = self.votes["m"], self.votes["f"]
        if m > f:
            return "m"
        if f > m:
            return "f"
        return None

    def add_title(self, title: str) -> None:
        """Add a title unless an equivalent one is there ("Sen." and "Senator")."""
        key = _title_key(title)
        if title and all(_title_key(t) != key for t in self.titles):
            self.titles.append(title)

    @property
    def title(self) -> str | None:
        return "; ".join(self.titles) if self.titles else None


def _gender_of(person: Person) -> str | None:
    """A person's gender from the evidence so far, else from their first name."""
    if person.gender is not None or len(person.tokens) < 2:
        return person.gender
    return first_name_gender(person.tokens[0])


@dataclass(frozen=True, slots=True)
class Resolved:
    """A speaker mention resolved: its name, titles and kind."""

    name: str | None
    title: str | None
    kind: str
    person: Person | None = None


_NOT_NAME_POS = {"VERB", "AUX", "ADV", "ADP", "DET", "PRON", "CCONJ", "SCONJ", "PART", "NUM"}


def _name_words(doc: Doc, lo: int, hi: int, lex: Lexicon) -> list[str]:
    """The words of a person's name: no honorifics, titles, punctuation, or words NER swept
    in by mistake ("Injecting Clinton", "Obama Says")."""
    words: list[str] = []
    glue = False  # the previous token was written without a space after it ("Jo-Renee")
    for t in doc[lo:hi]:
        if t.is_space or (t.is_punct and t.text not in ("-",)) or not t.text.strip():
            continue
        if _key(t.text) in lex.honorifics or is_title_word(t, lex):
            continue
        if t.pos_ in _NOT_NAME_POS and not t.text[:1].isupper() or t.pos_ in ("VERB", "AUX"):
            continue
        if glue and words:
            words[-1] += t.text
        else:
            words.append(t.text)
        glue = not t.whitespace_
    return [w for w in words if w.strip("-")]


class Resolver:
    """Resolves the speaker mentions of one Doc."""

    def __init__(self, doc: Doc, text: TextModel, lex: Lexicon) -> None:
        self.doc = doc
        self.text = text
        self.lex = lex
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
            words = _name_words(doc, lo, hi, self.lex)
            if words:
                mentions.append((doc[lo:hi], words))
        # full names first, in text order; then single names join the fittest of them
        for span, words in mentions:
            if len(words) > 1:
                self._assign(span, words)
        for span, words in mentions:
            if len(words) == 1:
                self._assign(span, words)
        self._surnames_missed_by_ner(
            {t for span, _ in mentions for t in range(span.start, span.end)}
        )
        for span, _ in mentions:
            person = self.at.get(span.root.i)
            if person is not None:
                self._evidence(person, span)
        for person in self.people:
            g = first_name_gender(person.tokens[0]) if len(person.tokens) > 1 else None
            if g:
                person.votes[g] += 1
                person.plausible = True

    def _assign(self, span: Span, words: list[str]) -> Person:
        hint = self.lex.honorifics.get(self.doc[span.start - 1].lower_) if span.start else None
        person = self._match(words, hint, at=span.start)
        if person is None:
            person = Person(" ".join(words), [_key(w) for w in words])
            if hint:
                person.votes[hint] += 1  # so that "Ms. Obama" later is not this "Mr. Obama"
            self.people.append(person)
        elif len(words) > len(person.tokens):
            person.name, person.tokens = " ".join(words), [_key(w) for w in words]
        person.count += 1
        for t in span:
            self.at[t.i] = person
        return person

    def _surnames_missed_by_ner(self, seen: set[int]) -> None:
        """NER misses many surnames ("Ham made it clear"): a proper noun that is a known
        person's surname is that person."""
        surnames = {p.tokens[-1] for p in self.people if len(p.tokens) > 1}
        if not surnames:
            return
        wanted = {get_string_id(s) for s in surnames}
        lowers = self.doc.to_array(LOWER).tolist()
        for i in (i for i, low in enumerate(lowers) if low in wanted):
            t = self.doc[i]
            if (
                t.i not in seen
                and t.pos_ == "PROPN"
                and t.dep_ != "compound"
                and t.ent_type_ not in ("ORG", "GPE", "NORP", "FAC", "LOC")
                and _key(t.text) in surnames
            ):
                hint = self.lex.honorifics.get(self.doc[t.i - 1].lower_) if t.i else None
                person = self._match([t.text], hint, at=t.i)
                if person is not None:
                    self.at[t.i] = person

    def _match(
        self, words: list[str], gender: str | None = None, at: int | None = None
    ) -> Person | None:
        """The person a name belongs to. A lone surname goes to the namesake named in the
        last two sentences before it (token ``at``), else to the most mentioned one ("Trump"
        is Donald, not Ivanka, unless "Ms. Trump"); a lone first name to the one person it
        starts."""
        keys = [_key(w) for w in words]
        for p in self.people:
            if keys == p.tokens and len(keys) > 1:
                return p
        if len(keys) == 1:
            key = keys[0]
            cands = [p for p in self.people if len(p.tokens) > 1 and p.tokens[-1] == key]
            if not cands:
                firsts = [p for p in self.people if len(p.tokens) > 1 and p.tokens[0] == key]
                cands = firsts if len(firsts) == 1 else []
            # one-word people of that name: split off a full name by gender ("Mr. Obama")
            single = [p for p in self.people if p.tokens == keys]
            if gender is not None:
                # "Mr. Obama" in a story that names only Michelle Obama is someone else
                cands = [p for p in cands if _gender_of(p) in (None, gender)]
                single = [p for p in single if _gender_of(p) in (None, gender)]
                if not cands:
                    return single[0] if single else None
            namesakes = cands + single
            if cands and len(namesakes) > 1 and at is not None:
                recent = self._recent(namesakes, at)
                if recent is not None:
                    return recent
            if cands:
                return max(cands, key=lambda p: p.count)
            return single[0] if single else None
        for p in self.people:
            if keys[-1] == p.tokens[-1] and (
                keys[0] == p.tokens[0] or keys[0][:1] == p.tokens[0][:1]
            ):
                return p
        return None

    def _recent(self, cands: list[Person], at: int) -> Person | None:
        """The candidate mentioned last in the two sentences before token ``at`` (or
        earlier in its own sentence)."""
        start = self.text.sent_of(at)[0]
        for _ in range(2):
            prev = self.text.sent_before(start)
            if prev is None:
                break
            start = prev[0]
        for i in range(at - 1, start - 1, -1):
            p = self.at.get(i)
            if p is not None and any(p is c for c in cands):
                return p
        return None

    def _evidence(self, person: Person, span: Span) -> None:
        """Titles and gender written around one mention of a person."""
        doc = self.doc
        for title in titles_of(doc, span.start, span.end, self.lex):
            person.add_title(title)
            for w in title.split():
                g = self.lex.title_gender(w)
                if g:
                    person.votes[g] += 2
        if span.start > 0:
            g = self.lex.honorifics.get(doc[span.start - 1].lower_)
            if g:
                person.votes[g] += 3
                person.plausible = True
        if person.titles:
            person.plausible = True

    # ---- resolution --------------------------------------------------------------------
    def person_at(self, mention: Mention) -> Person | None:
        if mention.name_start is not None:
            for i in range(mention.name_start, mention.name_end or mention.name_start):
                if i in self.at:
                    return self.at[i]
        return self.at.get(mention.head)

    def resolve(self, mention: Mention, previous: Person | None) -> Resolved:
        """Resolve one mention; ``previous`` is the previous quote's speaker, if a person."""
        if mention.pronoun is not None:
            return self._resolve_pronoun(mention, previous)
        doc = self.doc
        if mention.name is None and doc[mention.head].pos_ == "PROPN":
            # NER often calls a surname an ORG ("Ramaswamy said"): a known person's name wins
            words = _name_words(doc, mention.start, mention.end, self.lex)
            words = [w for w in words if w.lower() not in ("the", "a", "an")]
            known = self._match(words, at=mention.start) if 1 <= len(words) <= 3 else None
            if known is not None:
                return Resolved(known.name, known.title, "person", known)
        if mention.kind == "person" and mention.name is not None:
            return self._resolve_name(mention, mention.name)
        if mention.kind == "person":
            # "the spokeswoman": the most recent person carrying that title
            person = self._by_title(doc[mention.head])
            if person is not None and doc[mention.start].lower_ in ("the", "this", "that"):
                return Resolved(person.name, person.title, "person", person)
            text = doc[mention.start : mention.end].text
            return Resolved(text, "; ".join(mention.titles) or None, "person")
        text = doc[mention.start : mention.end].text
        return Resolved(text, None, mention.kind)

    def _resolve_pronoun(self, mention: Mention, previous: Person | None) -> Resolved:
        """who/which through its antecedent; he/she to a person; it/they to an organisation
        or group; other pronouns as written."""
        doc = self.doc
        if mention.pronoun in RELATIVE_PRONOUNS:
            verb = doc[mention.head].head
            if verb.dep_ == "relcl" and verb.head.i != verb.i:
                ante = verb.head
                ext = mention_extent(ante)
                return self.resolve(analyse(doc, ante, ext, self.lex), previous)
            return Resolved(None, None, "unknown")
        if mention.pronoun in PERSON_PRONOUNS and mention.pronoun not in ("i", "me"):
            person = self._antecedent(mention.head, mention.gender, previous)
            if person is None:
                return Resolved(None, None, "person")
            if mention.gender:
                person.votes[mention.gender] += 1
            return Resolved(person.name, person.title, "person", person)
        if mention.pronoun in ("it", "they"):
            thing = self._thing_antecedent(mention.head, plural=mention.pronoun == "they")
            if thing is not None:
                return thing
        text = doc[mention.start : mention.end].text
        return Resolved(text, None, mention.kind)

    def _resolve_name(self, mention: Mention, name: str) -> Resolved:
        """A named person: their cluster, with this mention's titles and gender words."""
        person = self.person_at(mention)
        if person is None:
            words = name.split()
            person = self._match(words, at=mention.start) or Person(name, [_key(w) for w in words])
            if person not in self.people:
                self.people.append(person)
        for t in mention.titles:
            person.add_title(t)
        if mention.gender:
            person.votes[mention.gender] += 2
        return Resolved(person.name, person.title, "person", person)

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
            if len(p.tokens) > 1 and not p.plausible and p.gender is None:
                return False  # "Patriot Coal" tagged PERSON: no evidence it is someone
            return gender is None or p.gender is None or p.gender == gender

        sent_start, _ = self.text.sent_of(pron)
        # mentions earlier in the pronoun's own sentence
        for p in self._mentions_in(sent_start, pron):
            if fits(p):
                return p
        if previous is not None and fits(previous) and self._still_topic(previous, pron):
            # the previous quote's speaker stays the topic unless someone else was named since
            return previous
        return self._search_back(pron, fits)

    def _thing_antecedent(self, pron: int, plural: bool) -> Resolved | None:
        """ "it" / "they" as a speaker: the nearest organisation ("it": the U.S., the
        Pentagon) or group ("they": officials, the militias) that is a subject before it, in
        its sentence or the one before."""
        doc = self.doc
        start, _ = self.text.sent_of(pron)
        prev = self.text.sent_before(pron)
        lo = prev[0] if prev is not None else start
        for i in range(pron - 1, lo - 1, -1):
            tok = doc[i]
            if tok.dep_ not in ("nsubj", "nsubjpass") or tok.pos_ == "PRON" or i in self.at:
                continue
            m = analyse(doc, tok, mention_extent(tok), self.lex)
            if m.name is not None or m.pronoun is not None:
                continue
            is_plural = tok.tag_ in ("NNS", "NNPS")
            if plural and (m.kind == "group" or (m.kind == "organization" and is_plural)):
                return Resolved(doc[m.start : m.end].text, None, "group")
            if not plural and m.kind == "organization" and not is_plural:
                return Resolved(doc[m.start : m.end].text, None, "organization")
        return None

    def _still_topic(self, person: Person, pron: int) -> bool:
        """No other person is the subject of the two sentences before the pronoun's."""
        i = pron
        for _ in range(2):
            prev = self.text.sent_before(i)
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
            prev = self.text.sent_before(i)
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
