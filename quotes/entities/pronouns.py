"""Third-person pronouns → the entity they stand for, by ranking the candidates.

The candidates are the entities that agree with the pronoun in kind, number and gender (from
honorifics, title words, pronouns already resolved, first names) and were mentioned in a window
before it; a person named right after a fronted phrase holding the pronoun is one too ("In
*his* first season, Seth Doege …": cataphora). Binding rules out the subject of the pronoun's
own clause for "him"/"her" as objects, and demands it for "himself"/"herself".

Each candidate is scored as a weighted sum of what salience theory looks at (in the spirit of
Lappin and Leass, 1994): the role of its last mention (a subject counts most), how many
sentences back it is, parallel roles, how often the story has named it (its protagonist), the
first person named, mentions inside parentheses or coordinations (side characters), a proper
noun NER took for an organisation. The weights are fitted by ``tools/fit_pronoun_weights.py``
on GAP development and GUM train (never on the sets we report), and rounded.
"""

from __future__ import annotations

import math
from bisect import bisect_left
from collections.abc import Iterator

from spacy.tokens import Token

from ..text import TextModel
from .cluster import Cluster, Clusters
from .detect import Mention

#: Sentences searched back for an antecedent.
WINDOW = 8
#: Entities considered beyond the window: the most mentioned.
_PROTAGONISTS = 32
#: Sentences back whose mentions count in salience (beyond, a mention weighs < 1/65,000).
_SALIENCE_SPAN = 16
# Feature weights (tools/fit_pronoun_weights.py).
WEIGHTS: dict[str, float] = {
    "adjunct_of_clause": -0.05,
    "cataphora": 0.22,
    "conjunct": -0.48,
    "first_person": 0.06,
    "indefinite": 0.14,
    "log_mentions": 0.03,
    "log_names": 0.47,
    "log_tokens": -0.89,
    "most_named": 0.39,
    "most_salient": 0.46,
    "nearest": 0.01,
    "not_person_label": -0.89,
    "parallel": 0.41,
    "parenthesis": -0.13,
    "poss_of_subject": 0.18,
    "role_obj": -0.02,
    "role_other": -0.03,
    "role_pobj": -0.69,
    "role_poss": 0.24,
    "role_subj": 0.29,
    "salience": -0.03,
    "sent_0": 0.78,
    "sent_1": -0.05,
    "sent_2": -0.37,
    "sent_far": -0.58,
    "subject_before": 0.39,
    "subject_of_subject": 0.26,
}
_REFLEXIVES = frozenset(("himself", "herself", "itself", "themselves"))
_PERSONAL = frozenset(("he", "him", "his", "himself", "she", "her", "hers", "herself"))
_PLURAL = frozenset(("they", "them", "their", "theirs", "themselves"))
_THING = frozenset(("it", "its", "itself"))
_ROLE_FEATURES = {"subj": "role_subj", "obj": "role_obj", "poss": "role_poss", "pobj": "role_pobj"}
_FRONTED_DEPS = frozenset(("prep", "advcl", "npadvmod", "advmod"))


def clause_head(tok: Token) -> Token:
    """The verb of the clause ``tok`` is in."""
    head = tok.head
    steps = 0
    while head.pos_ not in ("VERB", "AUX") and head.head.i != head.i and steps < 6:
        head = head.head
        steps += 1
    return head


def clause_subject(tok: Token) -> int | None:
    """Token of the subject of the clause ``tok`` is in (not ``tok`` itself)."""
    verb = clause_head(tok)
    subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    return subj.i if subj is not None and subj.i != tok.i else None


def _bracket_tokens(text: TextModel, mark: str) -> list[int]:
    """Tokens that are exactly ``mark`` ("(" or ")"), in order, found from the text."""
    out = []
    at = text.text.find(mark)
    while at >= 0:
        i = text.token_at(at)
        if i is not None and text.starts[i] == at and text.ends[i] == at + 1:
            out.append(i)
        at = text.text.find(mark, at + 1)
    return out


def _in_parenthesis(opens: list[int], closes: list[int], i: int) -> bool:
    """Is token i inside a parenthesis opened within the 15 tokens before it?"""
    lo = max(0, i - 15)
    opened = bisect_left(opens, i) - bisect_left(opens, lo)
    return opened > 0 and opened - (bisect_left(closes, i) - bisect_left(closes, lo)) > 0


#: Features whose leader among the candidates is marked too: being the nearest, the most
#: salient or the most named of the candidates says more than the values themselves, which
#: vary with the document.
_LEADS = {"log_tokens": "nearest", "salience": "most_salient", "log_names": "most_named"}


def _mark_leaders(found: dict[int, dict[str, float]]) -> None:
    if len(found) < 2:
        return
    for feature, mark in _LEADS.items():
        values = {c: f.get(feature, 0.0) for c, f in found.items()}
        best = min(values.values()) if feature == "log_tokens" else max(values.values())
        leaders = [c for c, v in values.items() if v == best]
        if len(leaders) == 1:
            found[leaders[0]][mark] = 1.0


class PronounResolver:
    """Resolves the third-person pronouns of a document, in text order."""

    def __init__(self, clusters: Clusters, weights: dict[str, float] | None = None) -> None:
        self.c = clusters
        self.w = WEIGHTS if weights is None else weights
        self.first_person = next(
            (k for k, cl in enumerate(clusters.clusters) if cl.kind == "person"), None
        )
        # name mentions are all clustered before pronouns are resolved: their heads, per
        # cluster, computed once when first asked
        self._name_heads: dict[int, list[int]] = {}
        self._adjunct_cache: dict[int, frozenset[int]] = {}
        self._side: dict[int, tuple[bool, bool, bool]] = {}  # a mention's side-character signs
        # the tokens "(" and ")", found when first asked
        self._parens: tuple[list[int], list[int]] | None = None
        # the story's protagonist is one of its most mentioned entities
        self._leading = sorted(
            range(len(clusters.clusters)), key=lambda c: -len(clusters.clusters[c].mentions)
        )[:_PROTAGONISTS]

    def run(self) -> None:
        for k, m in enumerate(self.c.mentions):
            if m.form != "pronoun" or m.person != 3 or self.c.of[k] is not None:
                continue
            target = self.resolve(k)
            if target is None:
                continue
            self.c.join(k, target)
            cl = self.c.clusters[target]
            cl.plural = cl.plural or m.plural
            if m.gender:
                cl.vote("pronoun", m.gender)
                if cl.kind != "person":
                    cl.kind = "person"  # a proper noun called "he" is someone

    def resolve(self, k: int) -> int | None:
        """The cluster mention k (a pronoun) stands for, or None."""
        low = self.c.doc[self.c.mentions[k].head].lower_
        if low in _REFLEXIVES:
            bound = self._reflexive(k)
            if bound is not None:
                return bound
        scores = {c: self.score(feats) for c, feats in self.candidates(k).items()}
        return max(scores, key=lambda c: scores[c]) if scores else None

    def score(self, features: dict[str, float]) -> float:
        return sum(self.w.get(f, 0.0) * v for f, v in features.items())

    def _reflexive(self, k: int) -> int | None:
        subj = clause_subject(self.c.doc[self.c.mentions[k].head])
        j = self.c.at.get(subj) if subj is not None else None
        return self.c.of[j] if j is not None else None

    # ---- candidates --------------------------------------------------------------------
    def candidates(self, k: int) -> dict[int, dict[str, float]]:
        """Each candidate cluster with its features."""
        m = self.c.mentions[k]
        low = self.c.doc[m.head].lower_
        banned = self._bound(m, low)
        found: dict[int, dict[str, float]] = {}
        fronted = self._fronted(m)
        rejected: set[int] = set()
        clusters, of, mentions, groups = self.c.clusters, self.c.of, self.c.mentions, self.c.groups
        plural = low in _PLURAL
        for j in self._window(k):
            if fronted and self._controlled(j, fronted):
                continue
            # a coordination ("Ellen and Bart Hoekstra") is a group "they" can stand for
            group = groups.get(mentions[j].head) if plural else None
            for c in (group, of[j]):
                if c is None or c in found or c in rejected or clusters[c].kind == "thing":
                    continue  # (a thing is nobody a pronoun stands for: see _fits)
                if c == banned or not self._fits(c, m, low):
                    rejected.add(c)  # (a cluster has many mentions in the window)
                    continue
                found[c] = self.features(k, c)
        ahead = self._cataphora(k)
        if ahead is not None and ahead not in found and self._fits(ahead, m, low):
            found[ahead] = {"cataphora": 1.0}
        if not found:
            story = self._protagonist(k, m, low, banned)
            if story is not None:
                found[story] = self.features(k, story)
        _mark_leaders(found)
        return found

    def _protagonist(self, k: int, m: Mention, low: str, banned: int | None) -> int | None:
        """Beyond the window: the entity the story has named most before the pronoun."""
        best: tuple[int, int] | None = None
        for c in self._leading:
            cl = self.c.clusters[c]
            if c == banned or not self._fits(c, m, low):
                continue
            n = cl.before(m.head)
            if n and (best is None or n > best[0]):
                best = (n, c)
        return best[1] if best is not None else None

    def _window(self, k: int) -> Iterator[int]:
        """Mentions before mention k within the window, nearest first."""
        sentences = self.c.sentences
        lo = bisect_left(sentences, sentences[k] - WINDOW, 0, k)  # mentions are in text order
        yield from range(k - 1, lo - 1, -1)

    def _fits(self, c: int, m: Mention, low: str) -> bool:
        cl = self.c.clusters[c]
        if low in _PERSONAL:
            if cl.plural or cl.kind != "person" and not self._person_like(cl.kind, cl.label):
                return False
            g = cl.gender
            return g is None or m.gender is None or g == m.gender
        if low in _PLURAL:
            return cl.kind in ("group", "organization")
        if low in _THING:
            if self._plural_things(cl):
                return False  # "14 warming centres were open. It urged …": not the centres
            return cl.kind in ("organization", "place") or (cl.kind == "unknown" and bool(cl.label))
        return False

    def _plural_things(self, cl: Cluster) -> bool:
        """Is the entity known only by plural descriptions (no name)?"""
        own = [self.c.mentions[k] for k in cl.mentions]
        own = [m for m in own if m.form in ("name", "description")]
        return bool(own) and all(m.form == "description" and m.plural for m in own)

    def _person_like(self, kind: str, label: str | None) -> bool:
        """A proper noun with no label, or one NER took for an organisation or a place,
        that is written like a person's name ("Cromwell", "Andreev"): no organisation word."""
        if not label or kind not in ("unknown", "organization"):
            return False
        words = label.split()
        if words[0].lower() == "the":
            return False  # "The Salt Year": people are not named with "the"
        lex = self.c.lex
        if kind == "organization" and len(words) > 1:
            return False  # a person's full name NER took for an organisation is fixed already
        return len(words) <= 3 and all(
            w[:1].isupper()
            and w.lower() not in lex.org_words
            and w.lower().removesuffix("s") not in lex.titles  # "Senators" are no one person
            and w.lower() not in lex.org_suffixes
            and not w.isupper()
            for w in words
        )

    def _bound(self, m: Mention, low: str) -> int | None:
        """The cluster binding rules out: the subject of the clause of an object pronoun."""
        if low in ("him", "her", "them", "it") and m.role in ("obj", "pobj"):
            subj = clause_subject(self.c.doc[m.head])
            j = self.c.at.get(subj) if subj is not None else None
            return self.c.of[j] if j is not None else None
        return None

    def _cataphora(self, k: int) -> int | None:
        """ "In his first season, Seth Doege …": the subject of the main clause, when the
        pronoun sits in a phrase fronted before it."""
        doc = self.c.doc
        tok = doc[self.c.mentions[k].head]
        t = tok
        while t.head.i != t.i and not (t.dep_ in _FRONTED_DEPS and t.head.dep_ == "ROOT"):
            t = t.head
        root = t.head
        if t.dep_ not in _FRONTED_DEPS or t.i > root.i:
            return None
        subj = next((c for c in root.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subj is None or subj.i < tok.i:
            return None
        j = self.c.at.get(subj.i)
        return self.c.of[j] if j is not None else None

    # ---- features ----------------------------------------------------------------------
    def features(self, k: int, c: int) -> dict[str, float]:
        """What the ranking looks at for candidate cluster c of pronoun mention k."""
        m = self.c.mentions[k]
        cl = self.c.clusters[c]
        n_before = cl.before(m.head)
        ml = self.c.mentions[self.c.at[cl.heads[n_before - 1]]]
        sent = self.c.sentence(k)
        distance = sent - self.c.text.sent_index(ml.head)
        recent = self._recent(cl.heads, n_before, sent)
        f: dict[str, float] = {
            _ROLE_FEATURES.get(ml.role, "role_other"): 1.0,
            ("sent_0", "sent_1", "sent_2")[distance] if distance < 3 else "sent_far": 1.0,
            "log_mentions": math.log1p(n_before),
            "log_names": math.log1p(self._names_before(c, m.head)),
            "log_tokens": math.log1p(m.head - ml.head),
            "salience": self._salience(recent, sent),
        }
        if ml.role == m.role:
            f["parallel"] = 1.0
        if any(
            self.c.mentions[j].role == "subj" and sent - self.c.sentence(j) == 1 for j in recent
        ):
            f["subject_before"] = 1.0
        if c == self.first_person:
            f["first_person"] = 1.0
        self._side_features(f, ml, m)
        if ml.role == "subj":
            f["poss_of_subject" if m.role == "poss" else "subject_of_subject"] = float(
                m.role in ("poss", "subj")
            )
        if cl.kind != "person":
            f["not_person_label"] = 1.0
        return f

    def _recent(self, heads: list[int], n: int, sent: int) -> list[int]:
        """Of the first ``n`` mentions (by head, latest last), those within the window of
        sentence ``sent``: older ones weigh nothing in salience (halved per sentence)."""
        lo = n
        sent_index = self.c.text.sent_index
        while lo > 0 and sent - sent_index(heads[lo - 1]) <= _SALIENCE_SPAN:
            lo -= 1
        return [self.c.at[h] for h in heads[lo:n]]

    def _names_before(self, c: int, head: int) -> int:
        """How many name mentions of cluster c come before token ``head``."""
        heads = self._name_heads.get(c)
        if heads is None:
            heads = self._name_heads[c] = [
                h for h in self.c.clusters[c].heads if self.c.mentions[self.c.at[h]].form == "name"
            ]
        return bisect_left(heads, head)

    def _salience(self, recent: list[int], sent: int) -> float:
        """Mentions weighted by role, halving with each sentence back."""
        total = 0.0
        for j in recent:
            role = self.c.mentions[j].role
            weight = {"subj": 2.0, "obj": 1.0, "poss": 0.6}.get(role, 0.3)
            total += weight * 0.5 ** (sent - self.c.sentence(j))
        return total

    def _fronted(self, m: Mention) -> frozenset[int]:
        """Tokens of the participle phrases fronted before a subject pronoun in its clause:
        "Placed under the care of a Dr. Bailey, he …": whoever "he" is, he is not Bailey (the
        phrase's own subject is "he"). Names there (not possessors, not pronouns) are out."""
        if m.role != "subj":
            return frozenset()
        pron = self.c.doc[m.head]
        verb = clause_head(pron)
        out: set[int] = set()
        for c in verb.children:
            if c.dep_ == "advcl" and c.tag_ in ("VBN", "VBG") and c.i < pron.i:
                out.update(t.i for t in c.subtree if t.i < pron.i)
        return frozenset(out)

    def _controlled(self, j: int, fronted: frozenset[int]) -> bool:
        """Is mention j a name or description inside a fronted participle phrase?"""
        mj = self.c.mentions[j]
        return mj.head in fronted and mj.role != "poss" and mj.form != "pronoun"

    def _side_features(self, f: dict[str, float], ml: Mention, m: Mention) -> None:
        """Signs of a side character: in parentheses, a conjunct, introduced with "a" ("a
        Dr. Bailey"), or inside a phrase modifying the pronoun's own clause ("Placed under
        the care of Bailey, he …": the phrase is about him)."""
        side = self._side.get(ml.head)
        if side is None:  # the same mention leads many pronouns' candidates: computed once
            doc = self.c.doc
            if self._parens is None:
                text = self.c.text
                self._parens = (_bracket_tokens(text, "("), _bracket_tokens(text, ")"))
            side = self._side[ml.head] = (
                _in_parenthesis(*self._parens, ml.head),
                doc[ml.head].dep_ == "conj",
                doc[ml.start].lower_ in ("a", "an"),
            )
        for name, on in zip(("parenthesis", "conjunct", "indefinite"), side, strict=True):
            if on:
                f[name] = 1.0
        before = m.role == "subj" and ml.role != "subj" and ml.head < m.head
        if before and ml.head in self._adjuncts(m):
            f["adjunct_of_clause"] = 1.0

    def _adjuncts(self, m: Mention) -> frozenset[int]:
        """Tokens of the phrases modifying a subject pronoun's clause before the pronoun
        (advcl, prep, npadvmod children of its verb), computed once per pronoun."""
        found = self._adjunct_cache.get(m.head)
        if found is None:
            pron = self.c.doc[m.head]
            verb = clause_head(pron)
            found = frozenset(
                t.i
                for c in verb.children
                if c.dep_ in ("advcl", "prep", "npadvmod") and c.i < pron.i
                for t in c.subtree
            )
            self._adjunct_cache[m.head] = found
        return found
