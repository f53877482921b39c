"""Quotation-mark pairing on raw text (no spaCy).

``find_quotes(text)`` finds the quoted stretches of a news text: top-level quotes and the
quotes nested in them, with multi-paragraph quotes joined and unclosed quotes recovered at
their paragraph's end. It is pure, deterministic and linear in the length of the text.

How it works, in two passes per paragraph:

1. *Scan*: every quote mark gets a family (double, single, guillemet, single guillemet) and a
   role from its neighbours, like Markdown's smart-quote "flanking" rules: OPEN (space or opening
   punctuation before, something after), CLOSE (something before, space or punctuation after)
   or AMBIG (both or neither). Apostrophes, inch marks and HTML debris are dropped here.
2. *Pair*: a stack of open quotes. Closers close the innermost open quote of their family,
   ambiguous marks close if their family is open and open otherwise, and look-ahead counts of
   the closers left in the paragraph decide between nesting and recovery when an opener
   arrives while its family is already open.

The state resets at every paragraph boundary (any line break, see quotes/paragraphs.py), except
when an unclosed top-level quote is continued by an opening mark of the same family at the start
of the next paragraph.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from .paragraphs import BREAK_RE, BREAKS, paragraphs

__all__ = ["QuotedSpan", "find_quotes", "is_apostrophe", "paragraphs"]


@dataclass(frozen=True, slots=True)
class QuotedSpan:
    """One quoted stretch of text; offsets index the text given to ``find_quotes``."""

    start: int  # offset of the opening mark
    end: int  # just after the closing mark; unclosed: end of its last paragraph (no trailing ws)
    open_mark: str
    close_mark: str | None  # None when never closed (recovered)
    depth: int  # 0 = top level; 1 = nested inside a depth-0 span, ...
    pieces: tuple[tuple[int, int], ...]  # one (start, end) per paragraph; pieces cover the marks
    closed: bool

    @property
    def inner(self) -> tuple[int, int]:
        """(start, end) without the opening and closing marks.

        For a multi-paragraph quote this runs from after the first opening mark to before the
        final closing mark (or to ``end`` if unclosed); use ``pieces`` for the paragraphs.
        """
        close = len(self.close_mark) if self.close_mark else 0
        return self.start + len(self.open_mark), self.end - close


# Families. Straight and curly marks of one kind form one family: real news text mixes them
# within a quote (“...\" and \"...”), so any double closer may close any double opener.
_D, _S, _G, _SG = 0, 1, 2, 3
_FAMILY: dict[str, int] = {
    '"': _D,
    "“": _D,
    "”": _D,
    "„": _D,
    "‟": _D,
    "″": _D,
    "''": _D,  # two straight apostrophes: the double mark of NYT-archive style text
    "‘‘": _D,  # doubled curly singles: typewriter ``...'' converted to curly marks
    "’’": _D,
    "'": _S,
    "‘": _S,
    "’": _S,
    "‚": _S,
    "‛": _S,
    "«": _G,
    "»": _G,
    "‹": _SG,
    "›": _SG,
}
# Typographic direction, only a tie-breaker: +1 looks like an opener, -1 like a closer.
# Guillemets are 0 because »…« (German, Danish) and «…» (French) both exist.
_TYPED: dict[str, int] = {
    "“": 1,
    "„": 1,
    "‟": 1,
    "‘‘": 1,
    "‘": 1,
    "‚": 1,
    "‛": 1,
    "”": -1,
    "’’": -1,
    "’": -1,
}
# Low-9 marks open in every convention that uses them; as "closers" they are stray commas.
_LOW = frozenset("„‚")
# Guillemets pair with the other orientation only (« with », » with «).
_ORIENTED = frozenset((_G, _SG))

# The look-ahead only lets a position through if it holds a mark, which is much faster than
# trying each alternative at every position.
_MARK_RE = re.compile("(?=[\"'“”‘’«»„‚‹›‟‛″])(?:'+|‘‘|’’|.)")
_FAMILY_RE = (
    re.compile("''|‘‘|’’|[\"“”„‟″]"),
    re.compile("[‘’‚‛']"),
    re.compile("[«»]"),
    re.compile("[‹›]"),
)
# A stretch that looks like an HTML tag, within one line; bounded so a stray "<" costs little.
_TAG_RE = re.compile(f"<[A-Za-z!/?][^<>{BREAKS}]{{0,1000}}>")
# "Content": letters, digits and symbols (emoji, $, %); not spaces, punctuation or marks.
_CONTENT_RE = re.compile(
    "[^\\W_]|[$%&#@+=<>|~^*\\\\]"
    "|[^\\s\\x00-\\x7f\\u00a0-\\u00bf\\u2000-\\u206f\\u2e00-\\u2e7f\\u3000-\\u303f\\ufe30-\\ufe4f]"
)
# Word-initial elisions ('em, 'til, 'tis, 'cause, 'n'): apostrophes, not openers.
_ELISION_RE = re.compile(
    "(?:em|til|tis|twas|twere|cause|cos|bout|nuff)(?![^\\W_])|n(?=[\\s'’‘]|$)", re.I
)
_ATTR_WINDOW = 500  # how far an HTML attribute value (href="...") may run

# Neighbour classes.
_SP, _OP, _PU, _WO, _QM = 0, 1, 2, 3, 4  # space, opening punct, other punct, word, quote mark
_OPEN, _CLOSE, _AMBIG = 1, 2, 3
# Before a mark these punctuation chars act like a space (an opener may follow them):
# (“, —“, /“, said:“. After a mark they are just punctuation.
_OPENISH = frozenset("([{—–-‐‑‒―/:")
_class_cache: dict[str, tuple[int, int]] = {}


def _classes(ch: str) -> tuple[int, int]:
    """(class as the char before a mark, class as the char after a mark)."""
    got = _class_cache.get(ch)
    if got is None:
        cat = unicodedata.category(ch)
        if ch.isspace() or cat in ("Cc", "Cf", "Zs", "Zl", "Zp"):
            got = (_SP, _SP)  # control and format chars (RTL marks, ZWSP) separate like space
        elif ch in _OPENISH:
            got = (_OP, _PU)
        elif cat == "Ps":
            got = (_OP, _OP)
        elif cat[0] == "P":
            got = (_PU, _PU)
        else:
            got = (_WO, _WO)
        if len(_class_cache) < 8192:
            _class_cache[ch] = got
    return got


def _local_apostrophe(text: str, i: int, ps: int, pe: int) -> bool:
    """The single mark at i is an apostrophe judging by its neighbours alone."""
    prev = text[i - 1] if i > ps else ""
    nxt = text[i + 1] if i + 1 < pe else ""
    if prev.isalpha() and nxt.isalpha():
        return True  # it’s, Kata’ib, O'Brien, rock’n’roll
    if prev.isdigit() and nxt.isalnum():
        return True  # 1990’s, 5'10
    if nxt.isdigit() and not prev.isalnum():
        # ’90s, '16: exactly two digits. A quote may start with a number (‘2020 was ...’).
        j = i + 3
        if j <= pe and text[i + 2].isdigit() and (j == pe or not text[j].isdigit()):
            return True
    if (
        nxt in ("s", "S")
        and prev
        and not prev.isspace()
        and (i + 2 >= pe or not text[i + 2].isalpha())
    ):
        return True  # the “Apprentice”’s host, (AP)'s
    if not prev.isalpha() and _ELISION_RE.match(text, i + 1, pe):
        return True  # ’em, ’til, ’tis, ’cause, rock ’n’ roll (opening side)
    # rock ‘n’ roll (closing side): n after a single mark that started a word.
    return (
        prev in ("n", "N")
        and i - 2 >= ps
        and _FAMILY.get(text[i - 2]) == _S
        and (i - 3 < ps or not text[i - 3].isalpha())
    )


# An event is one quote mark that survived the scan:
# (pos, mark, family, role, typed, weak) where weak marks a plural-possessive-like s’ closer.
_Event = tuple[int, str, int, int, int, bool]


def _split_run(text: str, pos: int, run: str, ps: int) -> tuple[tuple[int, str], ...]:
    """Split a run of straight apostrophes: '' is a double mark (NYT-archive style)."""
    n = len(run)
    if n == 2:
        return ((pos, "''"),)
    if n == 3:
        prev = text[pos - 1] if pos > ps else ""
        if not prev or _classes(prev)[0] in (_SP, _OP):
            return ((pos, "''"), (pos + 2, "'"))  # ''' opening: double then single
        return ((pos, "'"), (pos + 1, "''"))  # it,''' closing: single then double
    return tuple((pos + k, "'") for k in range(n))


def _not_a_quote(text: str, i: int, mark: str, prev: str, ps: int, pe: int) -> bool:
    """The mark at i is a double prime (12″) or an apostrophe by its neighbours."""
    if mark == "″":
        return prev.isdigit()
    return len(mark) == 1 and _FAMILY[mark] == _S and _local_apostrophe(text, i, ps, pe)


def _after_adjacent(role: int, typed: int) -> int:
    """Class of a mark as the char before the next mark (“‘Hello and Hello’” flank right)."""
    if role == _OPEN or (role == _AMBIG and typed > 0):
        return _OP
    if role == _CLOSE or (role == _AMBIG and typed < 0):
        return _PU
    return _WO


def _flank(before: int, after: int) -> int:
    """Role of a mark from the classes of its neighbours (Markdown-style flanking)."""
    if before in (_SP, _OP):
        return _OPEN if after in (_WO, _OP, _QM) else _AMBIG
    return _CLOSE if after in (_SP, _PU, _QM) else _AMBIG


def _possessive_s(text: str, i: int, mark: str, prev: str, ps: int) -> bool:
    """s’ after a word (workers’ union): a plural possessive more often than a closer."""
    return (
        (mark == "’" or mark == "'")
        and (prev == "s" or prev == "S")
        and i - 2 >= ps
        and text[i - 2].isalpha()
    )


class _Scanner:
    """First pass: the quote marks of each paragraph, with their families and roles.

    One scanner runs over the paragraphs of a text in order, so its place in the list of HTML
    tags only moves forward.
    """

    __slots__ = ("text", "tags", "tag_k", "ps", "pe", "events", "skip_until", "last")

    def __init__(self, text: str, lo: int, hi: int) -> None:
        self.text = text
        has_lt = text.find("<", lo, hi) >= 0
        self.tags = [m.span() for m in _TAG_RE.finditer(text, lo, hi)] if has_lt else []
        self.tag_k = 0
        self.ps = self.pe = self.skip_until = 0
        self.events: list[_Event] = []
        self.last = (0, 0, -10)  # (role, typed, end) of the last kept mark

    def paragraph(self, ps: int, pe: int) -> list[_Event]:
        """The events of the paragraph text[ps:pe]."""
        self.ps, self.pe = ps, pe
        self.events = []
        self.skip_until = -1
        self.last = (0, 0, -10)
        text, mark_at = self.text, self._mark
        for m in _MARK_RE.finditer(text, ps, pe):
            run = m.group()
            if len(run) > 1 and run[0] == "'":
                for i, mark in _split_run(text, m.start(), run, ps):
                    mark_at(i, mark)
            else:
                mark_at(m.start(), run)
        return self.events

    def _in_tag(self, i: int) -> bool:
        tags, k = self.tags, self.tag_k
        n = len(tags)
        while k < n and tags[k][1] <= i:
            k += 1
        self.tag_k = k
        return k < n and tags[k][0] <= i

    def _mark(self, i: int, mark: str) -> None:
        """Classify the mark at i and keep it as an event unless it is no quote mark."""
        if i <= self.skip_until or (self.tags and self._in_tag(i)):
            return  # inside <a href="..."> and the like
        text, ps, pe = self.text, self.ps, self.pe
        j = i + len(mark)
        prev = text[i - 1] if i > ps else ""
        nxt = text[j] if j < pe else ""
        # Adjacent to = < > : an attribute value or a tag edge (target=”_blank”>).
        if prev == "=" or prev == "<" or nxt == "=" or nxt == ">":
            if prev == "=":
                self._skip_value(i, j, mark)
            return
        if _not_a_quote(text, i, mark, prev, ps, pe):
            return
        after = _SP if not nxt else _QM if nxt in _FAMILY else _classes(nxt)[1]
        role = _flank(self._before(i, prev), after)
        if mark in _LOW:
            if role == _CLOSE:
                return
            role = _OPEN
        # s’ followed by space is usually a plural possessive (workers’ union); it closes
        # only when the pairing pass finds no better closer for a pending single quote.
        weak = after == _SP and _possessive_s(text, i, mark, prev, ps)
        typed = _TYPED.get(mark, 0)
        self.events.append((i, mark, _FAMILY[mark], role, typed, weak))
        self.last = (role, typed, j)

    def _before(self, i: int, prev: str) -> int:
        """Class of the char before the mark at i."""
        if not prev:
            return _SP
        role, typed, end = self.last
        if end == i:
            return _after_adjacent(role, typed)
        if prev in _FAMILY:
            return _WO  # an apostrophe or debris mark sits inside a word
        return _classes(prev)[0]

    def _skip_value(self, i: int, j: int, mark: str) -> None:
        """Skip an attribute value (href="..."), so its closing mark cannot close a quote."""
        hit = _FAMILY_RE[_FAMILY[mark]].search(self.text, j, min(self.pe, i + _ATTR_WINDOW))
        if hit:
            self.skip_until = hit.start()


class _Open:
    """An open quote on the pairing stack."""

    __slots__ = ("start", "mark", "fam", "depth", "pieces", "piece_start")

    def __init__(self, start: int, mark: str, fam: int, depth: int) -> None:
        self.start = start
        self.mark = mark
        self.fam = fam
        self.depth = depth
        self.pieces: list[tuple[int, int]] = []
        self.piece_start = start


def _rstrip_end(text: str, lo: int, hi: int) -> int:
    while hi > lo and text[hi - 1].isspace():
        hi -= 1
    return hi


def _lookahead(events: list[_Event], first: int) -> tuple[list[int], set[int]]:
    """Closer counts for the events of one paragraph, from ``first`` on, right to left.

    free[k] = closers of event k's family after k that are left over once the later openers
    have taken theirs (ambiguous marks count as closers). An opener only nests if there are
    enough free closers for it and for the quotes already open.

    The set holds each weak (s’) closer followed by a strong single closer before the next
    single opener: that one is the real closer and s’ is a possessive.
    """
    free = [0] * len(events)
    count = [0, 0, 0, 0]
    weak_yields: set[int] = set()
    next_single = 0  # role of the next non-weak single-family event
    for k in range(len(events) - 1, first - 1, -1):
        i, _mark, fam, role, _typed, weak = events[k]
        free[k] = count[fam]
        if role != _OPEN:
            count[fam] += 1
        elif count[fam]:
            count[fam] -= 1
        if fam != _S:
            continue
        if not weak:
            next_single = _OPEN if role == _OPEN else _CLOSE
        elif next_single == _CLOSE:
            weak_yields.add(i)
    return free, weak_yields


def _resolve_ambiguous(can_close: bool, typed: int, can_nest: bool) -> int:
    """Role of an ambiguous mark from the state: 0 when it is dropped.

    Close an open quote of the family, else open. A curly opener nests instead when enough
    closers follow to pair both.
    """
    if can_close and not (typed > 0 and can_nest):
        return _CLOSE
    return _OPEN if can_nest else 0


def _opens_continuation(text: str, event: _Event) -> bool:
    """An opening mark: opener by flanking, or “… (ambiguous but not ” + space)."""
    i, mark, _fam, role, typed, _weak = event
    if role == _OPEN:
        return True
    j = i + len(mark)
    return role == _AMBIG and typed >= 0 and j < len(text) and not text[j].isspace()


# A found span: (start, end, open mark, close mark, pieces); depth is set at the end.
_Found = tuple[int, int, str, str | None, tuple[tuple[int, int], ...]]


class _Pairing:
    """Second pass: pair the marks of text[lo:hi] on a stack of open quotes."""

    __slots__ = (
        "text",
        "paras",
        "scanned",
        "found",
        "stack",
        "fstacks",
        "last_content",
        "scan_pos",
        "skip_first",
    )

    def __init__(self, text: str, lo: int, hi: int) -> None:
        self.text = text
        self.paras = paragraphs(text, lo, hi)
        scanner = _Scanner(text, lo, hi)
        self.scanned = [scanner.paragraph(ps, pe) for ps, pe in self.paras]
        self.found: list[_Found] = []
        self.stack: list[_Open] = []
        self.fstacks: tuple[list[_Open], ...] = ([], [], [], [])  # the stack, per family
        self.last_content = -1  # position of some content char after every open quote's start
        self.scan_pos = lo  # content is searched up to here
        self.skip_first = False  # the paragraph's first mark continues the open quote

    def spans(self) -> list[QuotedSpan]:
        """The quoted spans, sorted by start."""
        for p in range(len(self.paras)):
            self._paragraph(p)
        return _with_depths(self.found)

    def _paragraph(self, p: int) -> None:
        events = self.scanned[p]
        first = 1 if self.skip_first else 0
        self.skip_first = False
        free, weak_yields = _lookahead(events, first)
        for k in range(first, len(events)):
            self._event(events[k], free[k], weak_yields)
        if self.stack:
            self._paragraph_end(p)

    def _see_content(self, upto: int) -> None:
        if upto > self.scan_pos:
            hit = _CONTENT_RE.search(self.text, self.scan_pos, upto)
            if hit:
                self.last_content = hit.start()

    def _event(self, event: _Event, free: int, weak_yields: set[int]) -> None:
        i, mark, fam, role, typed, weak = event
        self._see_content(i)
        self.scan_pos = i + len(mark)
        fst = self.fstacks[fam]
        can_nest = free > len(fst)  # enough free closers for a new opener and the open ones
        target = fst[-1] if fst else None
        if target is not None and (mark in _LOW or (fam in _ORIENTED and target.mark == mark)):
            target = None  # „ never closes; «…« does not pair
        if role == _AMBIG:
            role = _resolve_ambiguous(target is not None, typed, can_nest)
        if role == _CLOSE:
            if target is not None:
                self._close(target, i, mark, weak and self._yields(target, i, weak_yields))
        elif role == _OPEN:
            self._open(i, mark, fam, can_nest)

    def _yields(self, target: _Open, i: int, weak_yields: set[int]) -> bool:
        """A weak closer at i that is a plural possessive (workers’), not target's closer."""
        return self.stack[-1] is not target or i in weak_yields

    def _close(self, target: _Open, i: int, mark: str, possessive: bool) -> None:
        if not possessive:
            self._pop_to(target.depth)
            self._emit(target, i + len(mark), mark)

    def _open(self, i: int, mark: str, fam: int, can_nest: bool) -> None:
        fst = self.fstacks[fam]
        if not can_nest:
            if mark == "'":
                return  # straight ' opens only with a closer to match in the paragraph
            if fst:
                # “a “b” ...: not enough closers left for both, so the earlier quote is
                # recovered, unclosed, where the new one opens; the new one takes its place.
                prior = fst[-1]
                self._pop_to(prior.depth)
                self._emit(prior, _rstrip_end(self.text, prior.start + 1, i), None)
        e = _Open(i, mark, fam, len(self.stack))
        self.stack.append(e)
        fst.append(e)

    def _paragraph_end(self, p: int) -> None:
        """Continue the open top-level quote in the next paragraph, or recover it here."""
        ps, pe = self.paras[p]
        self._see_content(pe)
        self.scan_pos = pe
        pe_r = _rstrip_end(self.text, ps, pe)
        self._pop_to(1)
        top = self.stack[0]
        nxt = self._continuation(p, top)
        if nxt is None:
            # Unclosed: recovered at the end of its paragraph; the next paragraph starts afresh.
            self._pop_to(0)
            self._emit(top, pe_r, None)
            return
        top.pieces.append((top.piece_start, pe_r))
        top.piece_start = nxt[0]
        self.skip_first = True
        self.scan_pos = nxt[0] + len(nxt[1])

    def _continuation(self, p: int, top: _Open) -> _Event | None:
        """The mark that continues ``top`` at the start of paragraph p + 1, if any.

        News convention: a quote running over paragraphs leaves its end open and starts the
        next paragraph with an opening mark of the same family.
        """
        if p + 1 >= len(self.paras) or not self.scanned[p + 1]:
            return None
        event = self.scanned[p + 1][0]
        i, mark, fam = event[0], event[1], event[2]
        if fam != top.fam or (fam in _ORIENTED and mark != top.mark):
            return None
        nps = self.paras[p + 1][0]
        if i != nps and not self.text[nps:i].isspace():
            return None
        return event if _opens_continuation(self.text, event) else None

    def _emit(self, e: _Open, end: int, close: str | None) -> None:
        # Content-free spans ("", “ ... ”) are not quotes.
        if self.last_content > e.start:
            self.found.append((e.start, end, e.mark, close, (*e.pieces, (e.piece_start, end))))

    def _pop_to(self, depth: int) -> None:
        # Quotes above ``depth`` were never closed: they are dropped, not reported, because an
        # unpaired nested mark is more often a misread apostrophe than a real quote.
        stack, fstacks = self.stack, self.fstacks
        while len(stack) > depth:
            fstacks[stack.pop().fam].pop()


def _with_depths(found: list[_Found]) -> list[QuotedSpan]:
    """The found spans, sorted, as QuotedSpans with their depths.

    Starts are distinct (one opening mark each) and spans nest properly, so one sweep sets
    depth = the number of reported spans around a span (a dropped middle level leaves no gap).
    """
    found.sort()
    spans: list[QuotedSpan] = []
    ends: list[int] = []
    for start, end, open_mark, close_mark, pieces in found:
        while ends and ends[-1] <= start:
            ends.pop()
        spans.append(
            QuotedSpan(start, end, open_mark, close_mark, len(ends), pieces, close_mark is not None)
        )
        ends.append(end)
    return spans


def _pair(text: str, lo: int, hi: int) -> list[QuotedSpan]:
    return _Pairing(text, lo, hi).spans()


def find_quotes(text: str) -> list[QuotedSpan]:
    """All quoted spans of ``text``, nested ones too, sorted by (start, depth)."""
    return _pair(text, 0, len(text))


def _line_bounds(text: str, i: int) -> tuple[int, int]:
    """(start, end) of the line around i, in time linear in the line's length."""
    hit = BREAK_RE.search(text, i)
    end = hit.start() if hit else len(text)
    # rfind has no "any of" form: look back in growing windows so a long text costs only
    # the line, not everything before it.
    width = 256
    hi = i
    while True:
        lo = max(0, hi - width)
        start = max(text.rfind(b, lo, hi) for b in BREAKS)
        if start >= 0:
            return start + 1, end
        if lo == 0:
            return 0, end
        hi = lo
        width *= 2


def is_apostrophe(text: str, i: int) -> bool:
    """The mark at ``i`` is an apostrophe (a single mark that is not used as a quote mark).

    Local context decides most cases (it’s, ’90s, ’em, O'Brien). The rest (workers’ or a
    straight ' with no partner) depend on the quotes open around it, so the paragraph is paired
    with ``find_quotes``'s rules: cost linear in the paragraph's length.
    """
    if not 0 <= i < len(text) or _FAMILY.get(text[i]) != _S:
        return False
    ch = text[i]
    if (i > 0 and text[i - 1] == ch) or (i + 1 < len(text) and text[i + 1] == ch):
        return False  # part of a doubled mark ('' ‘‘ ’’), which works as a double quote
    ps, pe = _line_bounds(text, i)
    if _local_apostrophe(text, i, ps, pe):
        return True
    if (i > ps and text[i - 1] in "=<") or (i + 1 < pe and text[i + 1] in "=>"):
        return False  # HTML debris, not a word's apostrophe
    for span in _pair(text, ps, pe):
        if span.start == i or (span.closed and span.end - 1 == i):
            return False
    return True
