"""Cue → speaker and content over the dependency tree (reported speech and its variants).

For each cue this module answers two questions on one sentence's parse, and nothing else:
who is the source (the subject, the "according to" object, the subject inherited through
"went on to say" / "adding" / "and said"), and what is the content (the clausal complement, the
clause a parenthetical "X said" interrupts, a "to"-clause, an object, or what follows a colon).
Combining that with quotation marks is quotes/assemble.py's job.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Token

from .cues import ACCORDING, CLAUSE, MARKED, CueMatch
from .cues import is_cue_verb as _is_cue_verb
from .sentences import Sentences

_SUBJECTS = ("nsubj", "csubj")
_CLIMB_DEPS = ("xcomp", "advcl", "conj", "pcomp", "acomp", "ccomp")
# Objects that say nothing by themselves: "said it", "told them", "said so".
_EMPTY_OBJECTS = {
    "it",
    "this",
    "that",
    "so",
    "something",
    "nothing",
    "anything",
    "everything",
    "much",
    "little",
    "more",
    "lot",
    "thing",
    "things",
    "word",
    "words",
    "what",
    "which",
    "them",
    "him",
    "her",
    "me",
    "us",
    "you",
    "one",
    "all",
}
# Verbs whose direct object is the addressee, not the content ("told reporters").
_ADDRESSEE_VERBS = {
    "tell",
    "inform",
    "assure",
    "advise",
    "remind",
    "urge",
    "ask",
    "warn",
    "caution",
    "counsel",
    "implore",
    "order",
    "call on",
}
# Subordinators of a reason or contrast clause that continues reported content.
_REASON_MARKS = frozenset({"because", "since", "as", "although", "though", "while", "so"})
# Children that make a token the head of a clause.
_CLAUSE_CHILD = ("ccomp", "nsubj", "dobj")
_ALWAYS_ADDRESSEE = {"tell", "inform", "assure", "remind", "advise", "call on"}
_OBJECT_PREPS = {"as", "of", "about", "for", "on", "against", "that"}


@dataclass(slots=True)
class Attribution:
    """A cue with its speaker's head token and its content's tokens (sorted indices)."""

    cue: CueMatch
    speaker: int | None
    content: list[int]
    rule: str
    clausal: bool  # the content is a clause (stronger evidence of reported speech)
    passive: bool = False  # "it was reported that …": no speaker, and none to look for
    speaker_extent: tuple[int, int] | None = None  # token range, when not the head's phrase


def find_speaker(doc: Doc, cue: CueMatch) -> tuple[int | None, bool]:
    """Head token of the cue's source, and whether the cue is passive (no source to find)."""
    head = doc[cue.head]
    if cue.tier == ACCORDING:
        for t in doc[cue.start : cue.end]:
            for c in t.children:
                if c.dep_ == "pobj":
                    return c.i, False
        nxt = cue.end
        if nxt < len(doc) and doc[nxt].pos_ in ("PROPN", "NOUN", "PRON"):
            return doc[nxt].i, False
        return None, False
    if head.tag_ == "VBG" and head.i > 0 and not any(c.dep_ in _SUBJECTS for c in head.children):
        # "footage of Hillary Clinton asking, “…”": the person the gerund follows speaks,
        # whatever the parser attached the gerund to
        prev = doc[head.i - 1]
        if prev.ent_type_ == "PERSON" and prev.dep_ == "pobj" and prev.head.lower_ == "of":
            return prev.i, False
    verb = head
    for _ in range(4):
        subj = next((c for c in verb.children if c.dep_ in _SUBJECTS), None)
        if subj is not None and subj.lower_ not in ("there",):
            return subj.i, False
        agent = next((c for c in verb.children if c.dep_ == "agent"), None)
        if agent is not None:
            pobj = next((c for c in agent.children if c.dep_ == "pobj"), None)
            if pobj is not None:
                return pobj.i, False
        if verb.i != head.i:
            # "After saying …, she was whisked off": the gerund's speaker is the subject of
            # the clause it modifies, passive or not
            subj = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
            if subj is not None and subj.pos_ in ("PRON", "PROPN", "NOUN"):
                return subj.i, False
        if any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children):
            return None, True
        if verb.i == head.i and head.tag_ == "VBN" and head.dep_ in ("advcl", "acl", "ROOT"):
            # "When asked about the trade, …", "Asked whether …": passive, nobody to name
            return None, True
        # Inverted attribution "…, said Army Col. Wayne Marotto": a parser may call the
        # source an object or apposition of "said" when it follows the verb.
        # (not for a gerund or an addressee verb: "…, telling Reuters, “…”" names the listener)
        if verb.i == head.i and verb.tag_ != "VBG" and cue.lemma not in _ALWAYS_ADDRESSEE:
            found = _inverted_sources(verb)
            if found:
                # a person among them ("asked Liberal MP | Sarah Chen" parsed as two objects)
                people = [c for c in found if c.ent_type_ == "PERSON"]
                return (people[0] if people else found[0]).i, False
        if verb.dep_ == "acl" and verb.tag_ == "VBG" and verb.head.pos_ in ("NOUN", "PROPN"):
            return verb.head.i, False  # "footage of Trump saying, “…”"
        misparsed = _misparsed_subject(verb)
        if misparsed is not None:
            return misparsed.i, False  # "… and militia groups called for revenge"
        if verb.dep_ == "pcomp" and verb.head.pos_ == "ADP" and verb.head.head.i != verb.head.i:
            verb = verb.head.head  # "sings to Clinton before asking her, “…”"
            # "aside from saying", "instead of saying": past the adverb to its verb
            while verb.pos_ in ("ADV", "ADP") and verb.dep_ in ("advmod", "prep"):
                verb = verb.head
            continue
        if (
            verb.dep_ in _CLIMB_DEPS
            and verb.head.i != verb.i
            and verb.head.pos_ in ("VERB", "AUX", "NOUN", "ADJ")
        ):
            # "went on to say", "…, adding that", "smiled and said": the subject is upstairs
            verb = verb.head
            continue
        if verb.dep_ == "relcl" and verb.head.pos_ in ("NOUN", "PROPN"):
            return verb.head.i, False
        break
    return None, False


def _subtree(tok: Token) -> set[int]:
    return {t.i for t in tok.subtree}


def _content_after_colon(doc: Doc, cue: CueMatch, sents: Sentences) -> list[int]:
    """Tokens after "X said:" up to the end of the sentence (or the next one if the colon
    ends the sentence), within the paragraph."""
    head = doc[cue.head]
    _, sent_end = sents.of(head.i)
    right = max(cue.end, head.right_edge.i + 1)
    i = cue.end
    # skip the verb's own modifiers ("said on Monday:")
    while i < sent_end and i < right and doc[i].text != ":":
        i += 1
    if i >= len(doc) or doc[i].text != ":":
        return []
    out = [j for j in range(i + 1, sent_end) if not doc[j].is_space]
    if not out and sent_end < len(doc):
        nxt = sents.of(sent_end)
        if not any("\n" in t.text for t in doc[sent_end - 1 : sent_end + 1] if t.is_space):
            out = [j for j in range(nxt[0], nxt[1]) if not doc[j].is_space]
    return out


def find_content(
    doc: Doc, cue: CueMatch, speaker: int | None, sents: Sentences
) -> tuple[list[int], str, bool]:
    """The cue's content tokens, the rule that found them, and whether they form a clause."""
    head = doc[cue.head]
    cue_tokens = set(range(cue.start, cue.end))
    spk = _subtree(doc[speaker]) if speaker is not None else set()
    if cue.tier == ACCORDING:
        # "according to X" modifies the clause it reports: the content is that clause.
        clause = head.head
        while clause.pos_ not in ("VERB", "AUX") and clause.head.i != clause.i:
            clause = clause.head
        if clause.i == head.i:
            return [], "according-to", True
        drop = _subtree(head) | cue_tokens | spk
        return sorted(_subtree(clause) - drop), "according-to", True
    comps = [c for c in head.children if c.dep_ == "ccomp" and c.i not in spk]
    if comps:
        toks: set[int] = set()
        for c in comps:
            toks |= _subtree(c)
        # "said it did not include them, because …": a reason clause the parser hung on the
        # cue after its complement belongs to the complement
        last = max(toks)
        for c in head.children:
            if c.dep_ == "advcl" and c.i > last and c.i > head.i and _has_mark(c, _REASON_MARKS):
                toks |= _subtree(c)
        if max(toks) < head.i:
            own = (_subtree(head) - toks) | spk
            toks |= _before_closing_attribution(doc, head, own, sents)
        return sorted(toks - spk - cue_tokens), "ccomp", True
    xcomps = [
        c
        for c in head.children
        if c.dep_ == "xcomp" and any(a.lower_ == "to" and a.dep_ == "aux" for a in c.children)
    ]
    # Parenthetical or inverted attribution: "…, X said." / "The plan, he said, is …".
    if (
        _parenthetical(doc, head, speaker)
        and head.dep_ in ("parataxis", "ccomp", "advcl", "conj")
        and head.head.i != head.i
        and head.head.pos_ in ("VERB", "AUX")
        and not xcomps
        and not any(c.dep_ in ("dobj", "ccomp") for c in head.children)
        and (head.dep_ != "advcl" or head.i > head.head.i)
        and (head.dep_ != "conj" or head.i > head.head.i and _comma_between(doc, head.head, head))
    ):
        host = head.head
        toks = _subtree(host) - _subtree(head) - spk - cue_tokens
        toks |= _before_closing_attribution(doc, head, _subtree(head) | spk, sents)
        return sorted(toks - spk - cue_tokens), "inverted", True
    if xcomps:
        toks = set()
        for c in xcomps:
            toks |= _subtree(c)
        return sorted(toks - spk - cue_tokens), "to-clause", True
    # "He said legalizing it could put thousands to work": a clause the parser made an xcomp
    gerunds = [
        c
        for c in head.children
        if c.dep_ == "xcomp" and c.i > head.i and any(g.dep_ in _CLAUSE_CHILD for g in c.children)
    ]
    if gerunds and cue.tier != MARKED:
        toks = set()
        for c in gerunds:
            toks |= _subtree(c)
        return sorted(toks - spk - cue_tokens), "ccomp", True
    colon = _content_after_colon(doc, cue, sents)
    if colon:
        return colon, "colon", True
    if cue.tier == CLAUSE:
        return [], "object", False  # "added $84 billion", "continue their attacks"
    # Objects: "called him a “loser”", "described the target as …", "warned of …".
    objects: set[int] = set()
    # "urged him to resign": him is spoken to; "urged the passing of emergency legislation":
    # the object is what was urged. Only "tell"-like verbs always take an addressee.
    addressee = cue.lemma in _ADDRESSEE_VERBS and (
        cue.lemma in _ALWAYS_ADDRESSEE or any(c.dep_ in ("xcomp", "ccomp") for c in head.children)
    )
    for c in head.children:
        if c.dep_ == "prep" and c.i in cue_tokens:
            objects |= _subtree(c) - {c.i}  # "called for | a moratorium"
            continue
        if c.i in spk or c.i in cue_tokens or c.i < head.i:
            continue
        if c.dep_ in ("dobj", "dative") and not addressee:
            if c.lower_ in _EMPTY_OBJECTS and not any(True for _ in c.children):
                continue
            objects |= _subtree(c)
        elif (
            c.dep_ in ("oprd", "attr")
            and cue.lemma in ("call", "describe", "cite")
            or c.dep_ in ("dobj",)
            and addressee
            and cue.lemma in ("ask",)
            and c.pos_ == "NOUN"
        ):
            objects |= _subtree(c)
        elif (
            c.dep_ == "prep"
            and c.lower_ in _OBJECT_PREPS
            and (c.lower_ != "on" or cue.lemma == "call on")
            and (cue.lemma.split()[-1] == c.lower_ or c.lower_ in ("as", "of", "about"))
        ):
            objects |= _subtree(c) - ({c.i} if cue.end > c.i else set())
    objects -= cue_tokens | spk
    if cue.lemma in ("call for", "call on"):
        objects -= {t.i for t in doc[cue.start : cue.end]}
    return sorted(objects), "object", False


# Modifiers an attribution may carry and still be parenthetical ("…, he said on Monday in a
# statement").
_ADVERBIAL_DEPS = {
    "npadvmod",
    "advmod",
    "prep",
    "aux",
    "auxpass",
    "neg",
    "punct",
    "nsubj",
    "dative",
    "prt",
    "cc",
    "tmod",
}


def _parenthetical(doc: Doc, cue: Token, speaker: int | None) -> bool:
    """Is ``cue`` an attribution tacked onto someone else's clause: active, with a source,
    and nothing of its own but adverbials?"""
    if speaker is None or any(c.dep_ in ("nsubjpass", "auxpass") for c in cue.children):
        return False
    host = cue.head
    if host.i == cue.i or _is_cue_verb(host):
        return False  # "he said U.S. troops responded": "responded" is said's content
    spk = _subtree(doc[speaker])
    if not all(c.dep_ in _ADVERBIAL_DEPS or c.i in spk for c in cue.children):
        return False
    # set off from the clause it interrupts: a comma or dash before it, or the sentence end
    left = min(t.i for t in cue.subtree if not t.is_punct)
    before = doc[left - 1] if left > 0 else None
    return before is None or before.text in (",", "—", "–", "-", ";", "(", "”", '"', "’")


def _before_closing_attribution(doc: Doc, head: Token, own: set[int], sents: Sentences) -> set[int]:
    """ "…, a source said." closes its sentence: then all of the sentence before the
    attribution is the content, whatever clause the parser hung "said" on."""
    sent_start, sent_end = sents.of(head.i)
    own = {i for i in own if not doc[i].is_punct}
    first, last = min(own), max(own)
    if any(not (t.is_punct or t.is_space) for t in doc[last + 1 : sent_end]):
        return set()
    if first <= sent_start or doc[first - 1].text not in (",", "—", "–", ";"):
        return set()
    return set(range(sent_start, first))


def _has_mark(tok: Token, marks: frozenset[str]) -> bool:
    return any(c.dep_ == "mark" and c.lower_ in marks for c in tok.children)


def _comma_between(doc: Doc, a: Token, b: Token) -> bool:
    lo, hi = sorted((a.i, b.i))
    return any(t.text in (",", "—", "–", ";") for t in doc[lo:hi])


def _inverted_sources(verb: Token) -> list[Token]:
    """Nouns after "said" that a parser made objects or appositions of it, in order."""
    return [
        c
        for c in verb.children
        if c.i > verb.i
        and c.dep_ in ("dobj", "attr", "npadvmod", "appos", "oprd", "dep")
        and (c.pos_ == "PROPN" or c.ent_type_ == "PERSON")
        and c.ent_type_ not in ("DATE", "TIME")
    ]


def _inverted_extent(doc: Doc, cue: CueMatch, speaker: int) -> tuple[int, int] | None:
    """One mention from adjacent inverted sources: "asked | Liberal MP | Sarah Chen"."""
    found = _inverted_sources(doc[cue.head])
    if len(found) < 2 or all(c.i != speaker for c in found):
        return None
    lo = min(t.i for t in found[0].subtree)
    hi = lo
    for c in found:
        left = min(t.i for t in c.subtree)
        if left > hi + 1 and any(not doc[j].is_punct for j in range(hi + 1, left)):
            break
        hi = max(t.i for t in c.subtree)
    return (lo, hi + 1) if lo <= speaker <= hi else None


def _misparsed_subject(verb: Token) -> Token | None:
    """ "… as a violation and militia groups called for revenge": the parser makes "groups" a
    conjunct noun and the finite verb (VBD, not a participle) a modifier of a noun; it is a
    clause of its own, whose subject is the conjunct just before the verb."""
    if verb.dep_ != "acl" or verb.tag_ != "VBD":
        return None
    head = verb.head
    if head.dep_ == "conj" and head.pos_ in ("NOUN", "PROPN") and head.i < verb.i:
        return head
    conjs = [
        c
        for c in head.children
        if c.dep_ == "conj" and c.pos_ in ("NOUN", "PROPN") and c.i < verb.i
    ]
    return conjs[-1] if conjs else None


def _without_misparsed_clauses(doc: Doc, cue: CueMatch, content: list[int]) -> list[int]:
    """Content minus the clauses that ``_misparsed_subject`` finds in it (with their "and")."""
    drop: set[int] = set()
    for i in content:
        t = doc[i]
        subj = _misparsed_subject(t) if i != cue.head and _is_cue_verb(t) else None
        if subj is not None:
            drop |= _subtree(subj) | _subtree(t)
            drop |= {c.i for c in subj.head.children if c.dep_ == "cc" and c.i < subj.i}
    return [i for i in content if i not in drop] if drop else content


def attribute(doc: Doc, cue: CueMatch, sents: Sentences | None = None) -> Attribution:
    """Speaker and content of one cue."""
    sents = sents if sents is not None else Sentences(doc)
    speaker, passive = find_speaker(doc, cue)
    content, rule, clausal = find_content(doc, cue, speaker, sents)
    content = _without_misparsed_clauses(doc, cue, content)
    extent = _inverted_extent(doc, cue, speaker) if speaker is not None else None
    if extent is not None:
        content = [i for i in content if not extent[0] <= i < extent[1]]
    return Attribution(cue, speaker, content, rule, clausal, passive, extent)
