"""Quotation marks + attributions → quote drafts (direct, mixed, indirect), before resolution.

Direct quotes come from the quotation-mark pairing (quotes/marks.py): the quotation rules
(``quotes/rules/quotation.py``) place each quoted stretch that can stand as speech. An
interrupted quote (“…,” she said. “…”) becomes one draft with several pieces. Reported speech
comes from the remaining attributions; a reported content with quoted words in it is a mixed
quote, and those quoted words are no quote of their own (scare quotes such as “one-way”
included). No two quotes share a character. An unattributed quote paragraph right after a quote
with a speaker continues it (``direct:follow-on``).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right, insort
from dataclasses import dataclass, replace
from itertools import accumulate, pairwise

from .attribution import Attribution, attribute
from .cues import MARKED, find_cues
from .marks import QuotedSpan, find_quotes
from .paragraphs import has_break
from .rules.context import Context
from .rules.draft import Draft, Pieces, words
from .rules.filters import NOT_QUOTES
from .rules.labels import labels
from .rules.layout import bylines, embeds, manner
from .rules.quotation import QUOTATION_RULES, Quotations, Scene, standalone
from .rules.statements import statements
from .types import QuoteKind

# Reported content shorter than this (in word tokens) is not reported speech ("said so").
MIN_REPORTED_WORDS = 2
# Modifiers of a cue that may stand between the two halves of an interrupted quote.
_ATTRIBUTION_DEPS = ("npadvmod", "advmod", "prep", "aux", "neg", "dative", "dobj", "nsubj")
# Contents that are clauses: enough evidence of reported speech for a "marked" cue.
_CLAUSAL_RULES = frozenset(
    ("ccomp", "hung-complement", "gerund-clause", "inverted", "colon", "according-to")
)
_MARKS = "\"'“”‘’«»„‹›"
_TRIM = set(" \t\r\n\u00a0.,;:!?-–—()[]…") | set(_MARKS)
_TRIM_KEEP_MARKS = _TRIM - set(_MARKS)


@dataclass(frozen=True, slots=True)
class Assembly:
    """The drafts of one Doc, in text order, and the tokens inside quotations (which are
    never a speaker: the quoted words are someone else's)."""

    drafts: tuple[Draft, ...]
    quoted: frozenset[int]


def trim(text: str, start: int, end: int, keep_marks: bool = False) -> tuple[int, int]:
    """[start, end) without spaces and punctuation (and quotation marks) at its edges."""
    strip = _TRIM_KEEP_MARKS if keep_marks else _TRIM
    while start < end and text[start] in strip:
        start += 1
    while end > start and text[end - 1] in strip:
        end -= 1
    return start, end


def _has_words(text: str) -> bool:
    return any(ch.isalnum() for ch in text)


def _runs(tokens: tuple[int, ...] | list[int]) -> list[tuple[int, int]]:
    """Contiguous runs of sorted token indices as (first, last+1)."""
    runs: list[tuple[int, int]] = []
    for i in tokens:
        if runs and runs[-1][1] == i:
            runs[-1] = (runs[-1][0], i + 1)
        else:
            runs.append((i, i + 1))
    return runs


def cut_labels(text: str, spans: list[QuotedSpan], colons: list[int]) -> list[QuotedSpan]:
    """A transcript quotes each speaker's paragraph after a label ("WALLACE: …") and may run
    one quotation over many paragraphs: split such a quotation at its labelled paragraphs and
    leave each label (and its colon) outside, so it can be that paragraph's speaker."""
    if not colons:
        return spans
    colons = sorted(colons)
    out: list[QuotedSpan] = []
    for span in spans:
        labelled = [_first_between(colons, a, b) for a, b in span.pieces]
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


def _first_between(sorted_offsets: list[int], a: int, b: int) -> int | None:
    """The first offset c with a < c < b (bisection: no scan of every label per piece)."""
    k = bisect_right(sorted_offsets, a)
    return sorted_offsets[k] if k < len(sorted_offsets) and sorted_offsets[k] < b else None


def _subspan(text: str, span: QuotedSpan, pieces: list[tuple[int, int]]) -> QuotedSpan:
    pieces = [(trim(text, a, b, keep_marks=True)[0], b) for a, b in pieces]
    return replace(span, start=pieces[0][0], end=pieces[-1][1], pieces=tuple(pieces))


def _outside_quotes(att: Attribution, quotes: Quotations, doc) -> Attribution:  # noqa: ANN001
    """“… Full panic mode,” said Leslie Wimes: the parser may give the cue a second subject
    inside the quotation; the one outside is the speaker (none if there is none)."""
    if att.speaker is None or att.speaker not in quotes.owner:
        return att
    cue = doc[att.cue.head]
    others = [
        c.i for c in cue.children if c.dep_ in ("nsubj", "nsubjpass") and c.i not in quotes.owner
    ]
    return replace(att, speaker=others[0] if others else None)


def build_scene(ctx: Context) -> Scene:
    """The quotations and attributions of a document: cues with their source and content,
    and attributions written by layout; cues inside quotation marks are quoted words."""
    doc = ctx.doc
    label_atts = labels(ctx)
    spans = [s for s in find_quotes(ctx.text.text) if s.depth == 0]
    spans = cut_labels(ctx.text.text, spans, [doc[a.cue.head].idx for a in label_atts])
    quotes = Quotations.build(ctx, spans)
    atts = [attribute(ctx, c) for c in find_cues(doc, ctx.lex)]
    atts = [_outside_quotes(a, quotes, doc) for a in atts if a.cue.head not in quotes.owner]
    atts += [a for a in label_atts if a.cue.head not in quotes.owner]
    atts += bylines(ctx, quotes.tokens)
    atts += manner(ctx, quotes.tokens, {a.cue.head for a in atts})
    atts += statements(ctx, quotes.tokens) + embeds(ctx)
    return Scene(ctx, quotes, tuple(atts))


class Assembler:
    """Builds the drafts of one Doc."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.scene = build_scene(ctx)
        spans = self.scene.quotes.spans
        # quotations come sorted by start (find_quotes, cut_labels); the running maximum of
        # their ends lets a piece skip, by bisection, every quotation that closes before it
        assert all(a.start <= b.start for a, b in pairwise(spans))
        self._span_ends_max = list(accumulate((s.end for s in spans), max))
        # cues that name a speaker of their own (see _adjacent)
        self._active_cues = {a.cue.head for a in self.scene.atts if not a.passive}

    def assemble(self) -> Assembly:
        scene = self.scene
        used: set[int] = set()  # attributions given to a quotation
        consumed: set[int] = set()  # quotations that are direct quotes (or headings)
        direct: list[Draft] = []
        for n in range(len(scene.quotes.spans)):
            if not standalone(scene, n):
                continue  # scare quotes and titles: at most words of a mixed quote
            placed = QUOTATION_RULES.first(scene, n, used)  # read only: no copy per quote
            assert placed is not None  # "unattributed" always answers
            if placed.used is not None:
                used.add(placed.used)
            if placed.taken:
                consumed.add(n)
            if placed.draft is not None:
                direct.append(placed.draft)
        direct = self._merge_interrupted(direct)
        reported = [
            d
            for k, att in enumerate(scene.atts)
            if k not in used and (d := self._reported(att, consumed)) is not None
        ]
        drafts = _drop_overlaps(sorted(direct + reported, key=lambda d: d.start))
        return Assembly(tuple(self._follow_on(drafts)), frozenset(scene.quotes.owner))

    # ---- interrupted quotes ------------------------------------------------------------
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
                out[-1] = replace(prev, pieces=prev.pieces + d.pieces, interrupted=True)
                continue
            out.append(d)
        return out

    def _allowed_between(self, a: Draft) -> set[int]:
        """Tokens of ``a``'s attribution: its cue, its speaker, and the cue's own modifiers
        ("said Monday", "said in a statement", "told reporters", "said, speaking of …")."""
        doc = self.ctx.doc
        att = a.attribution
        assert att is not None
        allowed = set(range(att.cue.start, att.cue.end))
        if a.speaker_extent is not None:
            allowed |= set(range(*a.speaker_extent))
        elif a.speaker is not None:
            allowed |= {t.i for t in doc[a.speaker].subtree}
        head = doc[att.cue.head]
        allowed |= {
            t.i
            for c in head.children
            if c.dep_ in _ATTRIBUTION_DEPS or (c.dep_ in ("advcl", "xcomp") and c.tag_ == "VBG")
            for t in c.subtree
        }
        allowed.add(head.i)
        return allowed

    def _only_attribution_between(self, a: Draft, b: Draft) -> bool:
        if has_break(self.ctx.text.text[a.end : b.start]):
            return False
        doc = self.ctx.doc
        gap = self.ctx.text.tokens_in(a.end, b.start)
        allowed = self._allowed_between(a)
        for i in gap:
            t = doc[i]
            if not (t.is_punct or t.is_space or i in allowed):
                return False
        return len(gap) > 0

    # ---- reported speech ---------------------------------------------------------------
    def _reported(self, att: Attribution, consumed: set[int]) -> Draft | None:
        doc = self.ctx.doc
        owner = self.scene.quotes.owner
        content = [i for i in att.content if not doc[i].is_space]
        if not content:
            return None
        if any(owner.get(i) in consumed for i in content):
            content = [i for i in content if owner.get(i) not in consumed]
        has_marks = any(i in owner for i in content)
        if words(doc, content) < MIN_REPORTED_WORDS and not has_marks:
            return None
        if att.cue.tier == MARKED and not (att.rule in _CLAUSAL_RULES or has_marks):
            return None
        if NOT_QUOTES.first(self.ctx, att, content, has_marks) is not None:
            return None
        pieces = self._pieces(content)
        if not pieces:
            return None
        kind: QuoteKind = "mixed" if has_marks else "indirect"
        if att.verbatim and not (has_marks and att.rule != "turn"):
            kind = "direct"  # a transcript's turn is verbatim speech
        return Draft(pieces, kind, f"{kind}:{att.rule}", att, att.speaker, att.speaker_extent)

    def _pieces(self, content: list[int]) -> Pieces:
        """Character pieces of reported content: one per run of tokens, trimmed, with
        quoted words inside made whole; pieces that come to touch are one."""
        doc = self.ctx.doc
        text = self.ctx.text.text
        pieces: list[tuple[int, int]] = []
        for a, b in _runs(content):
            start = doc[a].idx
            end = doc[b - 1].idx + len(doc[b - 1].text)
            # a quoted stretch inside the content keeps its marks
            s, e = trim(text, start, end, keep_marks=True)
            s, e = self._balance_marks(s, e)
            if e > s and _has_words(text[s:e]):
                pieces.append((s, e))
        merged: list[tuple[int, int]] = []
        for a, b in sorted(pieces):
            # pieces that touch, or that only a space token parts ("its\u00a0fact-checking";
            # a plain " " is the space between two words, a gap left by a dropped word)
            gap = text[merged[-1][1] : a] if merged else " "
            if merged and (a <= merged[-1][1] or not (gap.strip() or has_break(gap) or gap == " ")):
                merged[-1] = (merged[-1][0], max(b, merged[-1][1]))
            else:
                merged.append((a, b))
        return tuple(merged)

    def _balance_marks(self, s: int, e: int) -> tuple[int, int]:
        """Make quoted words inside a piece whole: a quotation that starts in the piece and
        closes just after it (“… like it.”) takes its closing mark in; one that only reaches
        into the piece (a stray mark at an edge) is left out."""
        text = self.ctx.text.text
        spans = self.scene.quotes.spans
        # quotations that close before s can change nothing, nor can those opening after
        # both s and e; they are sorted by start, and s and e move only at a quotation met
        for k in range(bisect_left(self._span_ends_max, s), len(spans)):
            span = spans[k]
            if span.start > max(s, e):
                break
            if s <= span.start < e < span.end and not _has_words(text[e : span.end]):
                e = span.end
            elif s < span.end <= e and span.start < s and not _has_words(text[span.start : s]):
                s = span.start
            elif span.start == s and span.end > e:
                s = s + 1
            elif span.end == e and span.start < s:
                e = e - 1
        return trim(text, s, e, keep_marks=True)

    # ---- follow-on quotes --------------------------------------------------------------
    def _follow_on(self, drafts: list[Draft]) -> list[Draft]:
        """An unattributed quote paragraph right after a quote with a speaker continues it."""
        out: list[Draft] = []
        prev: int | None = None
        for d in drafts:
            if (
                d.rule == "direct:unattributed"
                and prev is not None
                and out[prev].speaker is not None
                and self._adjacent(out[prev], d)
            ):
                d = replace(d, rule="direct:follow-on", speaker=out[prev].speaker, follows=prev)
            out.append(d)
            if d.attribution is None or not d.attribution.passive:
                prev = len(out) - 1  # "… when asked if …" between two quotes continues nobody
        return out

    def _adjacent(self, a: Draft, b: Draft) -> bool:
        """``b`` opens the paragraph right after ``a``'s, or follows ``a`` in its paragraph
        with no other cue between them."""
        text = self.ctx.text
        pa, pb = text.paragraph_of(a.end - 1), text.paragraph_of(b.start)
        if pa == pb:
            own = a.attribution.cue.head if a.attribution is not None else None
            # a passive cue between them ("… when asked if …") names no other speaker
            others = self._active_cues
            return not any(i in others and i != own for i in text.tokens_in(a.end, b.start))
        if pb != pa + 1:
            return False
        return not _has_words(text.text[text.paras[pb][0] : b.start])


def _drop_overlaps(drafts: list[Draft]) -> list[Draft]:
    """No two quotes share a character: keep the longer of two overlapping drafts.

    The pieces kept so far never overlap, so sorted by start they are sorted by end too: a
    new piece [s, e) overlaps one of them exactly when the last kept piece starting before e
    ends after s (a bisection, where comparing with every kept draft was quadratic)."""
    kept: list[Draft] = []
    taken: list[tuple[int, int]] = []  # the kept drafts' pieces, sorted
    for d in sorted(drafts, key=lambda d: (-d.size, d.start)):
        if not any(_hits(taken, s, e) for s, e in d.pieces):
            kept.append(d)
            for piece in d.pieces:
                insort(taken, piece)
    return sorted(kept, key=lambda d: d.start)


def _hits(taken: list[tuple[int, int]], s: int, e: int) -> bool:
    """Does [s, e) overlap a piece of ``taken`` (disjoint pieces, sorted)?"""
    k = bisect_left(taken, (e,))  # the pieces starting before e
    return k > 0 and taken[k - 1][1] > s
