"""Quotation marks + attributions → quote drafts (direct, mixed, indirect), before resolution.

Direct quotes come from the quotation-mark pairing (quotes/marks.py); each quoted stretch that
can stand as speech on its own is tied to the cue whose content it is, or to a cue in the same
sentence, the sentence before ("X said:") or after, or, failing those, to the speaker of the
quote it continues (a follow-on paragraph). An interrupted quote (“…,” she said. “…”) becomes
one draft with several pieces. Reported speech comes from the remaining cues; a reported
content with quoted words in it is a mixed quote, and those quoted words are no quote of their
own (scare quotes such as “one-way” included).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field, replace

from spacy.attrs import IDX, LENGTH
from spacy.tokens import Doc

from .attribution import Attribution, attribute
from .cues import MARKED, find_cues
from .layout import bylines, labels
from .marks import QuotedSpan, find_quotes, paragraphs
from .mentions import is_org_word, is_title_word
from .sentences import Sentences

# A standalone quoted stretch needs at least this many words unless it opens its sentence.
_MIN_CLAUSE_WORDS = 3
# Reported content shorter than this (in word tokens) is not reported speech ("said so").
_MIN_REPORTED_WORDS = 2
# Modifiers of a cue that may stand between the two halves of an interrupted quote.
_ATTRIBUTION_DEPS = ("npadvmod", "advmod", "prep", "aux", "neg", "dative", "dobj", "nsubj")
_COMPLEMENTIZERS = {"that", "whether", "if"}
# A quotation is the whole content of its cue (a direct quote) when at most this many words of
# the content lie outside it; more make it part of a mixed quote.
_MAX_OUTSIDE_WORDS = 0
# Contents that are clauses: enough evidence of reported speech for a "marked" cue.
_CLAUSAL_RULES = ("ccomp", "inverted", "colon", "according-to")
# Dependencies that make a quoted stretch's root a clause of its own.
_CLAUSE_DEPS = ("ROOT", "ccomp", "parataxis", "conj")
# Parts of speech a speaker's noun phrase is made of.
_NOMINAL = {"PROPN", "NOUN", "PRON", "ADJ", "DET", "NUM", "PUNCT", "CCONJ", "ADP", "PART", "SPACE"}
# Pronouns that introduce a quotation as its speaker ("He said it plainly: “…”").
_SPEAKING_PRONOUNS = {"he", "she", "i", "we"}
_TRIM = set(" \t\r\n\u00a0.,;:!?-–—()[]…\"'“”‘’«»„‹›")


@dataclass(slots=True)
class Draft:
    """A quote before speaker resolution. ``pieces`` are character ranges."""

    pieces: list[tuple[int, int]]
    kind: str
    rule: str
    attribution: Attribution | None = None
    speaker: int | None = None  # head token of the speaker mention
    speaker_extent: tuple[int, int] | None = None  # token range, when not the head's phrase
    follows: Draft | None = None  # the quote a follow-on quote continues
    spans: list[QuotedSpan] = field(default_factory=list)

    @property
    def start(self) -> int:
        return self.pieces[0][0]

    @property
    def end(self) -> int:
        return self.pieces[-1][1]


class _Index:
    """Character ↔ token lookups for one Doc."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        # one array read instead of a Token object per token: this runs on every document
        arr = doc.to_array([IDX, LENGTH])
        self.starts: list[int] = arr[:, 0].tolist() if len(doc) else []
        self.ends: list[int] = (arr[:, 0] + arr[:, 1]).tolist() if len(doc) else []

    def tokens_in(self, start: int, end: int) -> range:
        """Tokens lying entirely inside [start, end)."""
        lo = bisect_left(self.starts, start)
        hi = bisect_right(self.ends, end)
        return range(lo, max(lo, hi))

    def token_at(self, char: int) -> int | None:
        i = bisect_right(self.starts, char) - 1
        if 0 <= i < len(self.doc) and self.starts[i] <= char < self.ends[i]:
            return i
        return None


def _trim(text: str, start: int, end: int, keep_marks: bool = False) -> tuple[int, int]:
    strip = _TRIM - set("\"'“”‘’«»„‹›") if keep_marks else _TRIM
    while start < end and text[start] in strip:
        start += 1
    while end > start and text[end - 1] in strip:
        end -= 1
    return start, end


def _has_words(text: str) -> bool:
    return any(ch.isalnum() for ch in text)


def _runs(tokens: list[int]) -> list[tuple[int, int]]:
    """Contiguous runs of sorted token indices as (first, last+1)."""
    runs: list[tuple[int, int]] = []
    for i in tokens:
        if runs and runs[-1][1] == i:
            runs[-1] = (runs[-1][0], i + 1)
        else:
            runs.append((i, i + 1))
    return runs


def _words(doc: Doc, tokens) -> int:
    return sum(1 for i in tokens if doc[i].is_alpha or doc[i].like_num)


class Assembler:
    """Builds the drafts of one Doc."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.text = doc.text
        self.index = _Index(doc)
        self.sents = Sentences(doc)
        self.paras = paragraphs(self.text)
        self.para_starts = [p[0] for p in self.paras]
        para_tokens = [self.index.tokens_in(a, b) for a, b in self.paras]
        para_tokens = [(r.start, r.stop) for r in para_tokens if len(r)]
        label_atts = labels(doc, para_tokens)
        spans = [s for s in find_quotes(self.text) if s.depth == 0]
        self.spans = _cut_labels(self.text, spans, [doc[a.cue.head].idx for a in label_atts])
        self.attributions = [attribute(doc, c, self.sents) for c in find_cues(doc)]
        # token → quoted span (top level) containing it
        self.in_span: dict[int, int] = {}
        self.tokens_of: list[list[int]] = []
        for n, span in enumerate(self.spans):
            toks: list[int] = []
            for a, b in span.pieces:
                toks.extend(self.index.tokens_in(a, b))
            for i in toks:
                self.in_span[i] = n
            self.tokens_of.append(toks)
        # cues inside quotation marks are quoted words, not attributions; a "speaker" inside
        # quotation marks is a parse error (the quoted words are someone else's)
        self.attributions = [a for a in self.attributions if a.cue.head not in self.in_span]
        for a in self.attributions:
            if a.speaker is not None and a.speaker in self.in_span:
                # “… Full panic mode,” said Leslie Wimes: the parser may give the cue a second
                # subject inside the quotation; the one outside is the speaker
                cue = doc[a.cue.head]
                others = [
                    c.i
                    for c in cue.children
                    if c.dep_ in ("nsubj", "nsubjpass") and c.i not in self.in_span
                ]
                a.speaker = others[0] if others else None
        # attributions written by layout: "NAME: …" paragraphs and “…” ― Name bylines
        para_end = {i: end for start, end in para_tokens for i in range(start, end)}
        label_atts = [a for a in label_atts if a.cue.head not in self.in_span]
        self.attributions += label_atts + bylines(doc, self.tokens_of, para_end)

    # ---- quoted stretches -------------------------------------------------------------
    def span_tokens(self, n: int) -> list[int]:
        return self.tokens_of[n]

    def standalone(self, n: int) -> bool:
        """Can quoted stretch n be speech on its own (not a scare quote or a title)?"""
        doc = self.doc
        toks = self.span_tokens(n)
        inner = [i for i in toks if not doc[i].is_punct and not doc[i].is_space]
        if not inner:
            return False
        words = _words(doc, inner)
        sent_start, _ = self.sents.of(inner[0])
        before = [t for t in doc[sent_start : toks[0]] if not (t.is_punct or t.is_space)]
        prev = self._prev_visible(toks[0])
        if not before or (prev is not None and doc[prev].text in (":",)):
            return words >= 1
        if words < _MIN_CLAUSE_WORDS:
            return False
        tokset = set(toks)
        for i in inner:
            t = doc[i]
            is_root = t.head.i not in tokset or t.head.i == t.i
            if is_root and t.pos_ in ("VERB", "AUX") and t.dep_ in _CLAUSE_DEPS:
                return True
        # a long quotation after "said," is speech even when the parser calls it an object
        return bool(words >= 8 and prev is not None and doc[prev].text == ",")

    def _prev_visible(self, i: int) -> int | None:
        j = i - 1
        while j >= 0 and (self.doc[j].is_space or self.doc[j].text in "“”\"'‘’«»„"):
            j -= 1
        return j if j >= 0 else None

    # ---- main --------------------------------------------------------------------------
    def drafts(self) -> list[Draft]:
        used_attr: set[int] = set()  # attributions already given to a quotation
        consumed: set[int] = set()  # quotations that are direct quotes (or headings)
        direct: list[Draft] = []
        for n, span in enumerate(self.spans):
            if not self.standalone(n):
                continue  # scare quotes and titles: at most words of a mixed quote
            draft, taken = self._quotation(n, span, used_attr)
            if taken:
                consumed.add(n)
            if draft is not None:
                direct.append(draft)
        direct = self._merge_interrupted(direct)
        reported = [
            d
            for k, att in enumerate(self.attributions)
            if k not in used_attr and (d := self._reported(att, consumed)) is not None
        ]
        drafts = _drop_overlaps(sorted(direct + reported, key=lambda d: d.start))
        self._follow_on(drafts)
        return drafts

    def _quotation(self, n: int, span: QuotedSpan, used: set[int]) -> tuple[Draft | None, bool]:
        """The direct quote a standalone quotation makes, and whether it was taken: not taken
        when reported speech surrounds it (it becomes part of a mixed quote)."""
        doc = self.doc
        toks = set(self.span_tokens(n))
        # 1. the cue whose content it is
        best: tuple[int, int] | None = None
        for k, att in enumerate(self.attributions):
            overlap = len(toks.intersection(att.content))
            if overlap and (best is None or overlap > best[0]):
                best = (overlap, k)
        if best is not None:
            att = self.attributions[best[1]]
            outside = [i for i in att.content if i not in toks and self.in_span.get(i) != n]
            gap = self._gap_speaker(n, att)
            if gap is not None:
                outside = [i for i in outside if not gap[0] <= i < gap[1]]
            # words of the content outside the quotation, besides "that"/"whether"
            outside = [i for i in outside if doc[i].lower_ not in _COMPLEMENTIZERS]
            if _words(doc, outside) > _MAX_OUTSIDE_WORDS and att.rule != "colon":
                return None, False
            used.add(best[1])
            draft = self._direct(span, att, f"direct:{att.rule}")
            if gap is not None:
                draft.speaker, draft.speaker_extent = gap[2], (gap[0], gap[1])
                draft.rule = "direct:quote-speaker-cue"
            return draft, True
        # 2. a content-less cue in its sentence, the one before ("X said:") or after
        k = self._nearby_cue(n, used)
        if k is not None:
            used.add(k)
            att = self.attributions[k]
            draft = self._direct(span, att, "direct:nearby-cue")
            gap = self._gap_speaker(n, att) if att.speaker is None else None
            if gap is not None:
                draft.speaker, draft.speaker_extent = gap[2], (gap[0], gap[1])
            return draft, True
        # 3. "Clinton released the following statement: “…”": no cue, but the sentence that
        # introduces the quotation with a colon has a subject who can speak
        subject = self._colon_subject(n)
        if subject is not None:
            return Draft(
                list(span.pieces), "direct", "direct:colon-intro", None, subject, spans=[span]
            ), True
        # 4. none: a heading ('All Bets Are Off'.), or a quote that may follow on another
        if self._headline_like(span):
            return None, True
        return Draft(list(span.pieces), "direct", "direct:unattributed", spans=[span]), True

    def _gap_speaker(self, n: int, att: Attribution) -> tuple[int, int, int] | None:
        """“…,” Pentagon spokeswoman, Navy Cmdr. Jessica McNulty, said: when the parser hangs
        the names between the quote and its cue on the quote instead of making them the cue's
        subject, the noun phrases in that gap are the speaker. Returns (start, end, head)."""
        doc = self.doc
        toks = self.span_tokens(n)
        if att.speaker is not None or att.cue.start <= toks[-1]:
            return None
        lo, hi = toks[-1] + 1, att.cue.start
        while lo < hi and (doc[lo].is_punct or doc[lo].is_space):
            lo += 1
        while hi > lo and (doc[hi - 1].is_punct or doc[hi - 1].is_space):
            hi -= 1
        if hi <= lo or hi - lo > 25:
            return None
        if any(i in self.in_span for i in range(lo, hi)):
            return None  # another quotation between them: not a speaker
        # capitalised words pass whatever their tag ("Tulsa" is sometimes tagged VERB)
        if any(doc[i].pos_ not in _NOMINAL and not doc[i].is_title for i in range(lo, hi)):
            return None
        people = [i for i in range(lo, hi) if doc[i].ent_type_ == "PERSON"]
        if people:
            return lo, hi, people[-1]
        roots = [i for i in range(lo, hi) if not lo <= doc[i].head.i < hi]
        heads = [i for i in roots if doc[i].pos_ in ("PROPN", "NOUN", "PRON")]
        heads = heads or [i for i in range(lo, hi) if doc[i].pos_ in ("PROPN", "NOUN")][-1:]
        if not heads:
            return None
        return lo, hi, heads[0]

    def _colon_subject(self, n: int) -> int | None:
        """The subject of the sentence that ends with a colon right before quotation n (in
        its paragraph or the one before), when it can be a speaker: a name, he/she/I/we, or a
        title or organisation noun ("the ministry"). "Here they are:", "It gets better:" and
        imperatives ("Read the updates below:") give none."""
        doc = self.doc
        toks = self.span_tokens(n)
        prev = self._prev_visible(toks[0])
        if prev is None or doc[prev].text != ":" or prev in self.in_span:
            return None
        # the colon ends the quotation's paragraph or the one before
        if self._paragraph_of(doc[toks[0]].idx) - self._paragraph_of(doc[prev].idx) > 1:
            return None
        lo, hi = self.sents.of(prev)
        roots = [t for t in doc[lo:prev] if t.head.i == t.i and t.pos_ == "VERB"]
        if len(roots) != 1 or any(i in self.in_span for i in range(lo, prev)):
            return None
        subj = next((c for c in roots[0].children if c.dep_ == "nsubj"), None)
        if subj is None:
            return None
        if subj.pos_ == "PROPN" or subj.ent_type_ in ("PERSON", "ORG", "NORP", "GPE"):
            return subj.i
        if subj.pos_ == "PRON":
            return subj.i if subj.lower_ in _SPEAKING_PRONOUNS else None
        if subj.pos_ == "NOUN" and (is_title_word(subj) or is_org_word(subj)):
            return subj.i
        return None

    def _headline_like(self, span: QuotedSpan) -> bool:
        """A short quotation with no punctuation of its own inside the marks ('All Bets Are
        Off'.) is a title or heading; quoted speech in news ends inside its marks (“…,” / “….”)."""
        a, b = span.pieces[-1]
        inner = self.text[span.start + len(span.open_mark) : b - len(span.close_mark or "")]
        inner = inner.rstrip()
        words = len(inner.split())
        return words < 8 and not inner.endswith((".", ",", "?", "!", "…", "—", "-", ":"))

    def _direct(self, span: QuotedSpan, att: Attribution | None, rule: str) -> Draft:
        return Draft(
            list(span.pieces),
            "direct",
            rule,
            att,
            att.speaker if att else None,
            att.speaker_extent if att else None,
            spans=[span],
        )

    def _nearby_cue(self, n: int, used: set[int]) -> int | None:
        """A cue without content of its own in the quote's sentence, or in the sentence just
        before (ending in a colon or with an empty cue) or just after, same paragraph."""
        doc = self.doc
        toks = self.span_tokens(n)
        s_first = self.sents.of(toks[0])
        s_last = self.sents.of(toks[-1])
        candidates: list[tuple[int, int]] = []
        for k, att in enumerate(self.attributions):
            if k in used or (att.speaker is None and self._gap_speaker(n, att) is None):
                continue
            h = att.cue.head
            content_words = _words(doc, [i for i in att.content if i not in self.in_span])
            if s_first[0] <= h < s_last[1]:
                if content_words <= 2:
                    candidates.append((abs(h - toks[0]), k))
                continue
            # the sentence before, same paragraph, ending with a colon or cue-only
            prev_sent = self.sents.before(toks[0])
            if (
                prev_sent is not None
                and prev_sent[0] <= h < prev_sent[1]
                and not self._para_break(prev_sent[1], toks[0])
            ):
                ends_colon = any(
                    t.text == ":" for t in doc[max(h, prev_sent[1] - 3) : prev_sent[1]]
                )
                if ends_colon or content_words == 0:
                    candidates.append((1000 + toks[0] - h, k))
            nxt = self.sents.after(toks[-1])
            if (
                nxt is not None
                and nxt[0] <= h < nxt[1]
                and content_words == 0
                and not self._para_break(toks[-1], nxt[0])
            ):
                candidates.append((2000 + h - toks[-1], k))
        return min(candidates)[1] if candidates else None

    def _para_break(self, a: int, b: int) -> bool:
        lo, hi = sorted((a, b))
        return any(t.is_space and "\n" in t.text for t in self.doc[lo:hi])

    def _merge_interrupted(self, direct: list[Draft]) -> list[Draft]:
        """“…,” she said. “…”: join a quote with the next one when only its own attribution
        lies between them in the paragraph."""
        out: list[Draft] = []
        for d in direct:
            prev = out[-1] if out else None
            if (
                prev is not None
                and prev.attribution is not None
                and (d.attribution is None or d.attribution is prev.attribution)
                and self._only_attribution_between(prev, d)
            ):
                prev.pieces.extend(d.pieces)
                prev.spans.extend(d.spans)
                prev.rule = prev.rule if "interrupted" in prev.rule else prev.rule + "+interrupted"
                continue
            out.append(d)
        return out

    def _only_attribution_between(self, a: Draft, b: Draft) -> bool:
        doc = self.doc
        gap = self.index.tokens_in(a.end, b.start)
        if (
            any(t.is_space and "\n" in t.text for t in doc[gap.start : gap.stop])
            or "\n" in self.text[a.end : b.start]
        ):
            return False
        att = a.attribution
        assert att is not None
        allowed = set(range(att.cue.start, att.cue.end))
        if a.speaker_extent is not None:
            allowed |= set(range(*a.speaker_extent))
        elif a.speaker is not None:
            allowed |= {t.i for t in doc[a.speaker].subtree}
        head = doc[att.cue.head]
        # the cue's own modifiers: "said Monday", "said in a statement", "told reporters",
        # "said, speaking of Clinton's health"
        allowed |= {
            t.i
            for c in head.children
            if c.dep_ in _ATTRIBUTION_DEPS or (c.dep_ in ("advcl", "xcomp") and c.tag_ == "VBG")
            for t in c.subtree
        }
        allowed.add(head.i)
        for i in gap:
            t = doc[i]
            if t.is_punct or t.is_space or i in allowed:
                continue
            return False
        return len(gap) > 0

    def _reported(self, att: Attribution, consumed: set[int]) -> Draft | None:
        doc = self.doc
        content = [i for i in att.content if not doc[i].is_space]
        if not content:
            return None
        if any(self.in_span.get(i) in consumed for i in content):
            content = [i for i in content if self.in_span.get(i) not in consumed]
        if _words(doc, content) < _MIN_REPORTED_WORDS and not any(
            i in self.in_span for i in content
        ):
            return None
        has_marks = any(i in self.in_span for i in content)
        if att.cue.tier == MARKED and not (att.rule in _CLAUSAL_RULES or has_marks):
            return None
        pieces: list[tuple[int, int]] = []
        for a, b in _runs(content):
            start = doc[a].idx
            end = doc[b - 1].idx + len(doc[b - 1].text)
            # a quoted stretch inside the content keeps its marks
            s, e = _trim(self.text, start, end, keep_marks=True)
            s, e = self._balance_marks(s, e)
            if e > s and any(ch.isalnum() for ch in self.text[s:e]):
                pieces.append((s, e))
        if not pieces:
            return None
        # taking in closing marks can make neighbouring pieces touch: they are one piece then
        merged: list[tuple[int, int]] = []
        for a, b in sorted(pieces):
            if merged and a <= merged[-1][1]:
                merged[-1] = (merged[-1][0], max(b, merged[-1][1]))
            else:
                merged.append((a, b))
        pieces = merged
        spans = sorted({self.in_span[i] for i in content if i in self.in_span})
        kind = "mixed" if spans else "indirect"
        return Draft(
            pieces,
            kind,
            f"{kind}:{att.rule}",
            att,
            att.speaker,
            att.speaker_extent,
            spans=[self.spans[n] for n in spans],
        )

    def _balance_marks(self, s: int, e: int) -> tuple[int, int]:
        """Make quoted words inside a piece whole: a quotation that starts in the piece and
        closes just after it (“… like it.”) takes its closing mark in; one that only reaches
        into the piece (a stray mark at an edge) is left out."""
        text = self.text
        for span in self.spans:
            if s <= span.start < e < span.end and not _has_words(text[e : span.end]):
                e = span.end
            elif s < span.end <= e and span.start < s and not _has_words(text[span.start : s]):
                s = span.start
            elif span.start == s and span.end > e:
                s = s + 1
            elif span.end == e and span.start < s:
                e = e - 1
        return _trim(self.text, s, e, keep_marks=True)

    def _follow_on(self, drafts: list[Draft]) -> None:
        """An unattributed quote paragraph right after a quote with a speaker continues it."""
        prev: Draft | None = None
        for d in drafts:
            if (
                d.rule == "direct:unattributed"
                and prev is not None
                and prev.speaker is not None
                and self._adjacent_paragraphs(prev, d)
            ):
                d.rule = "direct:follow-on"
                d.speaker = prev.speaker
                d.follows = prev
            if d.attribution is None or not d.attribution.passive:
                prev = d  # "… when asked if …" between two quotes continues nobody

    def _adjacent_paragraphs(self, a: Draft, b: Draft) -> bool:
        """``b`` opens the paragraph right after ``a``'s, or follows ``a`` in its paragraph
        with no other cue between them."""
        pa, pb = self._paragraph_of(a.end - 1), self._paragraph_of(b.start)
        if pa == pb:
            own = a.attribution.cue.head if a.attribution is not None else None
            # a passive cue between them ("… when asked if …") names no other speaker
            others = {x.cue.head for x in self.attributions if not x.passive} - {own}
            return not any(i in others for i in self.index.tokens_in(a.end, b.start))
        if pb != pa + 1:
            return False
        return not _has_words(self.text[self.paras[pb][0] : b.start])

    def _paragraph_of(self, char: int) -> int:
        return max(0, bisect_right(self.para_starts, char) - 1)


def _cut_labels(text: str, spans: list[QuotedSpan], colons: list[int]) -> list[QuotedSpan]:
    """A transcript quotes each speaker's paragraph after a label ("WALLACE: …") and may run
    one quotation over many paragraphs: split such a quotation at its labelled paragraphs and
    leave each label (and its colon) outside, so it can be that paragraph's speaker."""
    if not colons:
        return spans
    out: list[QuotedSpan] = []
    for span in spans:
        labelled = [next((c for c in colons if a < c < b), None) for a, b in span.pieces]
        if not any(c is not None for c in labelled):
            out.append(span)
            continue
        current: list[tuple[int, int]] = []
        for (a, b), colon in zip(span.pieces, labelled, strict=True):
            if colon is not None:
                if current:
                    out.append(_subspan(text, span, current))
                current = [(colon + 1, b)]
            else:
                current.append((a, b))
        if current:
            out.append(_subspan(text, span, current))
    return out


def _subspan(text: str, span: QuotedSpan, pieces: list[tuple[int, int]]) -> QuotedSpan:
    pieces = [(_trim(text, a, b, keep_marks=True)[0], b) for a, b in pieces]
    return replace(span, start=pieces[0][0], end=pieces[-1][1], pieces=tuple(pieces))


def _drop_overlaps(drafts: list[Draft]) -> list[Draft]:
    """No two quotes share a character: keep the longer of two overlapping drafts."""

    def size(d: Draft) -> int:
        return sum(e - s for s, e in d.pieces)

    kept: list[Draft] = []
    for d in sorted(drafts, key=lambda d: (-size(d), d.start)):
        if all(not _overlaps(d, k) for k in kept):
            kept.append(d)
    return sorted(kept, key=lambda d: d.start)


def _overlaps(a: Draft, b: Draft) -> bool:
    return any(s1 < e2 and s2 < e1 for s1, e1 in a.pieces for s2, e2 in b.pieces)
