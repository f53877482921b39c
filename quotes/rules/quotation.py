"""Which cue a quotation in marks belongs to, by an ordered table of named rules.

For each quoted stretch that can stand as speech, in text order, the first rule that answers
places it: as the content of a cue (``cue-content``: the quote's rule is "direct:" plus that
cue's content rule, or ``direct:quote-speaker-cue`` when the speaker sits between quote and
cue), with a content-less cue nearby (``nearby-cue``), after a colon whose sentence has a
speaking subject (``colon-intro``), as a heading (``heading``: no quote) or alone
(``unattributed``, which may later continue the quote before it: ``follow-on``).
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence, Set
from dataclasses import dataclass, field

from spacy.tokens import Doc

from ..attribution import Attribution
from ..cues import FINDING
from ..marks import QuotedSpan
from . import Rule, RuleTable
from .context import Context
from .draft import Draft, words
from .headlines import ECHO_SHARE, echo_share, in_headline, is_question, named_before_colon
from .statements import introduction

# A standalone quoted stretch needs at least this many words unless it opens its sentence.
MIN_CLAUSE_WORDS = 3
# ... or this many after "said," (a long quotation after a comma is speech even unparsed).
MIN_WORDS_AFTER_COMMA = 8
# A gap between a quote and its cue longer than this (tokens) holds no speaker.
MAX_GAP_TOKENS = 25
_COMPLEMENTIZERS = frozenset(("that", "whether", "if"))
# Dependencies that make a quoted stretch's root a clause of its own.
_CLAUSE_DEPS = ("ROOT", "ccomp", "parataxis", "conj")
# Parts of speech a speaker's noun phrase is made of.
_NOMINAL = frozenset(
    ("PROPN", "NOUN", "PRON", "ADJ", "DET", "NUM", "PUNCT", "CCONJ", "ADP", "PART", "SPACE")
)
_MARKS = frozenset("“”\"'‘’«»„")
_ENDS_SPEECH = (".", ",", "?", "!", "…", "—", "-", ":")
_HEADING_MAX_WORDS = 8
# Ranks of nearby cues at or above this are in another sentence than the quotation.
_OTHER_SENTENCE = 1000


@dataclass(frozen=True, slots=True)
class Quotations:
    """The top-level quotations of a document and the tokens inside each."""

    spans: tuple[QuotedSpan, ...]
    tokens: tuple[tuple[int, ...], ...]
    owner: dict[int, int]  # token → index of the quotation holding it

    @classmethod
    def build(cls, ctx: Context, spans: Sequence[QuotedSpan]) -> Quotations:
        tokens: list[tuple[int, ...]] = []
        owner: dict[int, int] = {}
        for n, span in enumerate(spans):
            toks = tuple(i for a, b in span.pieces for i in ctx.text.tokens_in(a, b))
            owner.update(dict.fromkeys(toks, n))
            tokens.append(toks)
        return cls(tuple(spans), tuple(tokens), owner)


class CueIndex:
    """The attributions of a document found by position, so that each quotation looks only at
    the cues in or near its sentences and at those whose content holds its words: a document
    of many short quotes costs time linear in its length, not quotes × cues."""

    def __init__(self, doc: Doc, quotes: Quotations, atts: Sequence[Attribution]) -> None:
        self._doc = doc
        self._owner = quotes.owner
        self._atts = atts
        by_head = sorted((a.cue.head, k) for k, a in enumerate(atts))
        self._heads = [h for h, _ in by_head]
        self._order = [k for _, k in by_head]
        #: quoted token → the attributions whose content holds it, in order
        self._holding: dict[int, list[int]] = {}
        for k, att in enumerate(atts):
            for i in dict.fromkeys(att.content):
                if i in quotes.owner:
                    self._holding.setdefault(i, []).append(k)
        self._free_words: dict[int, int] = {}

    def with_head_in(self, lo: int, hi: int) -> list[int]:
        """The attributions whose cue head lies in tokens [lo, hi)."""
        return self._order[bisect_left(self._heads, lo) : bisect_left(self._heads, hi)]

    def holding(self, i: int) -> list[int]:
        """The attributions whose content holds quoted token ``i``."""
        return self._holding.get(i, [])

    def free_words(self, k: int) -> int:
        """Words of attribution k's content outside every quotation (computed once)."""
        found = self._free_words.get(k)
        if found is None:
            content = self._atts[k].content
            found = words(self._doc, [i for i in content if i not in self._owner])
            self._free_words[k] = found
        return found


@dataclass(frozen=True, slots=True)
class Scene:
    """What the quotation rules look at: the document, its quotations and attributions
    (and those attributions indexed by position)."""

    ctx: Context
    quotes: Quotations
    atts: tuple[Attribution, ...]
    cues: CueIndex = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # derived from the fields above, once per document (frozen: set through object)
        object.__setattr__(self, "cues", CueIndex(self.ctx.doc, self.quotes, self.atts))


@dataclass(frozen=True, slots=True)
class Placement:
    """A quotation rule's answer: the draft it makes (None: no quote), the attribution it
    uses, and whether the quotation is taken (False: it stays part of reported speech)."""

    draft: Draft | None
    used: int | None = None
    taken: bool = True


# ---- questions about one quotation ---------------------------------------------------------
def prev_visible(ctx: Context, i: int) -> int | None:
    """The token before ``i``, past spaces and quotation marks."""
    doc = ctx.doc
    j = i - 1
    while j >= 0 and (doc[j].is_space or doc[j].text in _MARKS):
        j -= 1
    return j if j >= 0 else None


def standalone(scene: Scene, n: int) -> bool:
    """Can quotation n be speech on its own (not a scare quote or a title)?"""
    ctx = scene.ctx
    doc = ctx.doc
    toks = scene.quotes.tokens[n]
    inner = [i for i in toks if not doc[i].is_punct and not doc[i].is_space]
    if not inner:
        return False
    count = words(doc, inner)
    sent_start, _ = ctx.text.sent_of(inner[0])
    # any() stops at the first word: a line of many short quotations stays linear
    opens = not any(not (t.is_punct or t.is_space) for t in doc[sent_start : toks[0]])
    prev = prev_visible(ctx, toks[0])
    if opens or (prev is not None and doc[prev].text == ":"):
        return count >= 1
    if count < MIN_CLAUSE_WORDS:
        return False
    tokset = set(toks)
    for i in inner:
        t = doc[i]
        is_root = t.head.i not in tokset or t.head.i == t.i
        if is_root and t.pos_ in ("VERB", "AUX") and t.dep_ in _CLAUSE_DEPS:
            return True
    return bool(count >= MIN_WORDS_AFTER_COMMA and prev is not None and doc[prev].text == ",")


def gap_speaker(scene: Scene, n: int, att: Attribution) -> tuple[int, int, int] | None:
    """“…,” Pentagon spokeswoman, Navy Cmdr. Jessica McNulty, said: when the parser hangs
    the names between the quote and its cue on the quote instead of making them the cue's
    subject, the noun phrases in that gap are the speaker. Returns (start, end, head)."""
    doc = scene.ctx.doc
    toks = scene.quotes.tokens[n]
    if att.speaker is not None or att.cue.start <= toks[-1]:
        return None
    lo, hi = toks[-1] + 1, att.cue.start
    while lo < hi and (doc[lo].is_punct or doc[lo].is_space):
        lo += 1
    while hi > lo and (doc[hi - 1].is_punct or doc[hi - 1].is_space):
        hi -= 1
    if hi <= lo or hi - lo > MAX_GAP_TOKENS:
        return None
    if any(i in scene.quotes.owner for i in range(lo, hi)):
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
    return (lo, hi, heads[0]) if heads else None


def _direct(span: QuotedSpan, att: Attribution | None, rule: str) -> Draft:
    return Draft(
        span.pieces,
        "direct",
        rule,
        att,
        att.speaker if att else None,
        att.speaker_extent if att else None,
    )


# ---- the rules ----------------------------------------------------------------------------
def cue_content(scene: Scene, n: int, used: Set[int]) -> Placement | None:
    """The quotation is (part of) a cue's content: a direct quote of that cue when no other
    word of the content lies outside it (else it is left to a mixed quote)."""
    toks = set(scene.quotes.tokens[n])
    # the attribution whose content holds most of its tokens (the first of equals)
    overlap: dict[int, int] = {}
    for i in toks:
        for k in scene.cues.holding(i):
            overlap[k] = overlap.get(k, 0) + 1
    if not overlap:
        return None
    best = min(overlap, key=lambda k: (-overlap[k], k))
    att = scene.atts[best]
    gap = gap_speaker(scene, n, att)
    if att.rule != "colon" and _words_outside(scene, n, toks, att, gap):
        return Placement(None, taken=False)
    draft = _direct(scene.quotes.spans[n], att, f"direct:{att.rule}")
    if gap is not None:
        draft = Draft(draft.pieces, "direct", "direct:quote-speaker-cue", att, gap[2], gap[:2])
    return Placement(draft, best)


def _words_outside(
    scene: Scene,
    n: int,
    toks: set[int],
    att: Attribution,
    gap: tuple[int, int, int] | None,
) -> bool:
    """Does the content have words outside quotation n, besides "that"/"whether" and a
    speaker in the gap? (It stops at the first: a content holding many quotations stays
    linear.)"""
    doc = scene.ctx.doc
    owner = scene.quotes.owner
    for i in att.content:
        if i in toks or owner.get(i) == n or (gap is not None and gap[0] <= i < gap[1]):
            continue
        t = doc[i]
        if t.lower_ not in _COMPLEMENTIZERS and (t.is_alpha or t.like_num):
            return True
    return False


def _nearby_rank(scene: Scene, n: int, k: int) -> int | None:
    """How near attribution k is to quotation n as a content-less cue (lower is nearer):
    in its sentence; in the sentence before, ending with a colon or cue-only; in the
    sentence after, cue-only; all in the same paragraph. None: not a candidate."""
    ctx = scene.ctx
    doc = ctx.doc
    toks = scene.quotes.tokens[n]
    att = scene.atts[k]
    h = att.cue.head
    content_words = scene.cues.free_words(k)
    s_first, s_last = ctx.text.sent_of(toks[0]), ctx.text.sent_of(toks[-1])
    if s_first[0] <= h < s_last[1]:
        return abs(h - toks[0]) if content_words <= 2 else None
    before = ctx.text.sent_before(toks[0])
    if (
        before is not None
        and before[0] <= h < before[1]
        and not ctx.text.break_between(before[1], toks[0])
    ):
        ends_colon = any(t.text == ":" for t in doc[max(h, before[1] - 3) : before[1]])
        if ends_colon or content_words == 0:
            return _OTHER_SENTENCE + toks[0] - h
    after = ctx.text.sent_after(toks[-1])
    if (
        after is not None
        and after[0] <= h < after[1]
        and content_words == 0
        and not ctx.text.break_between(toks[-1], after[0])
    ):
        return 2 * _OTHER_SENTENCE + h - toks[-1]
    return None


def _near(scene: Scene, n: int) -> list[int]:
    """The attributions whose cue lies in quotation n's sentences or the sentence before or
    after them: the only ones ``_nearby_rank`` can rank."""
    text = scene.ctx.text
    toks = scene.quotes.tokens[n]
    before, after = text.sent_before(toks[0]), text.sent_after(toks[-1])
    lo = before[0] if before is not None else text.sent_of(toks[0])[0]
    hi = after[1] if after is not None else text.sent_of(toks[-1])[1]
    return scene.cues.with_head_in(lo, hi)


def nearby_cue(scene: Scene, n: int, used: Set[int]) -> Placement | None:
    """A cue without content of its own in the quotation's sentence, the sentence before
    ("X said:") or the one after, same paragraph."""
    ranked: list[tuple[int, int]] = []
    for k in _near(scene, n):
        att = scene.atts[k]
        if k in used or (att.speaker is None and gap_speaker(scene, n, att) is None):
            continue
        if att.tier == FINDING:
            continue  # "found" and "heard" report a clause, never a quotation nearby
        rank = _nearby_rank(scene, n, k)
        if rank is not None:
            ranked.append((rank, k))
    if not ranked:
        return None
    rank, k = min(ranked)
    if rank >= _OTHER_SENTENCE and colon_subject(scene, n) is not None:
        return None  # its own sentence introduces it with a colon: colon-intro's

    att = scene.atts[k]
    draft = _direct(scene.quotes.spans[n], att, "direct:nearby-cue")
    gap = gap_speaker(scene, n, att) if att.speaker is None else None
    if gap is not None:
        draft = Draft(draft.pieces, "direct", draft.rule, att, gap[2], gap[:2])
    return Placement(draft, k)


def colon_subject(scene: Scene, n: int) -> tuple[int, tuple[int, int] | None] | None:
    """The speaker (head, extent) of the sentence that ends with a colon right before
    quotation n (in its paragraph or the one before), when it names one: the one a statement
    is from, else a subject who can speak (quotes/rules/statements.py). "Here they are:",
    "It gets better:" and imperatives ("Read the updates below:") give none, and neither does
    a speech cue's sentence: its own rules place what follows its colon, so a quotation they
    leave belongs to a cue nearby."""
    ctx = scene.ctx
    doc = ctx.doc
    toks = scene.quotes.tokens[n]
    prev = prev_visible(ctx, toks[0])
    if prev is None or doc[prev].text != ":" or prev in scene.quotes.owner:
        return None
    if ctx.text.paragraph_of(doc[toks[0]].idx) - ctx.text.paragraph_of(doc[prev].idx) > 1:
        return None
    lo, _ = ctx.text.sent_of(prev)
    if any(i in scene.quotes.owner for i in range(lo, prev)):
        return None
    intro = introduction(ctx, prev, cue_roots=False)
    return (intro.speaker, intro.extent) if intro is not None else None


def colon_intro(scene: Scene, n: int, used: Set[int]) -> Placement | None:
    """'Clinton released the following statement: “…”': no cue, but the sentence that
    introduces the quotation with a colon has a subject who can speak."""
    found = colon_subject(scene, n)
    if found is None:
        return None
    pieces = scene.quotes.spans[n].pieces
    return Placement(Draft(pieces, "direct", "direct:colon-intro", None, found[0], found[1]))


def headline(scene: Scene, n: int, used: Set[int]) -> Placement | None:
    """A quotation in the headline with no cue: the person named before its colon speaks
    ("A lesson from Loretta Lynch: ‘…’"), else the speaker of the words it echoes in the story
    ("Mayor: ‘A huge win for the north end’"); a question nothing echoes is a show's or a
    panel's title, no quote (quotes/rules/headlines.py)."""
    ctx = scene.ctx
    toks = scene.quotes.tokens[n]
    if not toks or not in_headline(ctx, toks[0]):
        return None
    pieces = scene.quotes.spans[n].pieces
    prev = prev_visible(ctx, toks[0])
    named = (
        named_before_colon(ctx, prev) if prev is not None and ctx.doc[prev].text == ":" else None
    )
    if named is not None:
        return Placement(
            Draft(pieces, "direct", "direct:headline-colon", None, named[2], named[:2])
        )
    echo = _echo(scene, n)
    if echo is not None:
        return Placement(Draft(pieces, "direct", "direct:headline-echo", None, echo[0], echo[1]))
    return Placement(None) if is_question(ctx, list(toks)) else None


def _echo(scene: Scene, n: int) -> tuple[int, tuple[int, int] | None] | None:
    """The speaker (head, extent) of the quoted words in the story that hold most of headline
    quotation n's words: a quotation placed by its cue, or quoted words inside a cue's
    content. A headline echoes quoted words, never a paragraph's prose."""
    ctx = scene.ctx
    toks = list(scene.quotes.tokens[n])
    best: tuple[float, int, tuple[int, int] | None] | None = None
    for m, other in enumerate(scene.quotes.tokens):
        if m == n or not other or in_headline(ctx, other[0]):
            continue
        share = echo_share(ctx, toks, set(other))
        if share < ECHO_SHARE or (best is not None and share <= best[0]):
            continue
        found = _speaker_of(scene, m)
        if found is not None:
            best = (share, *found)
    return (best[1], best[2]) if best is not None else None


def _speaker_of(scene: Scene, m: int) -> tuple[int, tuple[int, int] | None] | None:
    """Who says quotation m: the cue it is placed with, or the cue whose content holds it."""
    placed = cue_content(scene, m, frozenset()) or nearby_cue(scene, m, frozenset())
    draft = placed.draft if placed is not None else None
    if draft is not None and draft.speaker is not None:
        return draft.speaker, draft.speaker_extent
    inside = set(scene.quotes.tokens[m])
    holders = [a for a in scene.atts if a.speaker is not None and inside & set(a.content)]
    if not holders:
        return None
    att = max(holders, key=lambda a: len(inside & set(a.content)))
    return (att.speaker, att.speaker_extent) if att.speaker is not None else None


def heading(scene: Scene, n: int, used: Set[int]) -> Placement | None:
    """A short quotation with no punctuation of its own inside the marks ('All Bets Are
    Off'.) is a title or heading: no quote. Quoted speech ends inside its marks."""
    span = scene.quotes.spans[n]
    text = scene.ctx.text.text
    _, b = span.pieces[-1]
    inner = text[span.start + len(span.open_mark) : b - len(span.close_mark or "")].rstrip()
    if len(inner.split()) < _HEADING_MAX_WORDS and not inner.endswith(_ENDS_SPEECH):
        return Placement(None)
    return None


def unattributed(scene: Scene, n: int, used: Set[int]) -> Placement:
    """A quotation with no attribution of its own (it may continue the quote before it)."""
    return Placement(Draft(scene.quotes.spans[n].pieces, "direct", "direct:unattributed"))


QUOTATION_RULES: RuleTable[[Scene, int, Set[int]], Placement] = RuleTable(
    "quotation",
    [
        Rule("cue-content", cue_content),
        Rule("nearby-cue", nearby_cue),
        Rule("colon-intro", colon_intro),
        Rule("headline", headline),
        Rule("heading", heading),
        Rule("unattributed", unattributed),
    ],
)
