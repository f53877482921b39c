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

The state resets at every paragraph boundary, except when an unclosed top-level quote is
continued by an opening mark of the same family at the start of the next paragraph.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

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

_MARK_RE = re.compile("'+|‘‘|’’|[\"“”‘’«»„‚‹›‟‛″]")
_FAMILY_RE = (
    re.compile("''|‘‘|’’|[\"“”„‟″]"),
    re.compile("[‘’‚‛']"),
    re.compile("[«»]"),
    re.compile("[‹›]"),
)
_LINE_RE = re.compile("[^\n\r\u2028\u2029]+")
_BREAKS = "\n\r\u2028\u2029"
_BREAK_RE = re.compile("[\n\r\u2028\u2029]")
# A stretch that looks like an HTML tag; bounded so a stray "<" costs little.
_TAG_RE = re.compile("<[A-Za-z!/?][^<>\n\r\u2028\u2029]{0,1000}>")
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


def paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) of each paragraph (line); blank lines are skipped, end excludes the break."""
    return _paragraphs(text, 0, len(text))


def _paragraphs(text: str, lo: int, hi: int) -> list[tuple[int, int]]:
    out = []
    for m in _LINE_RE.finditer(text, lo, hi):
        if not m.group().isspace():
            out.append(m.span())
    return out


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


def _scan_paragraph(
    text: str, ps: int, pe: int, tags: list[tuple[int, int]], tag_k: int
) -> tuple[list[_Event], int]:
    events: list[_Event] = []
    skip_until = -1
    last_role = 0
    last_typed = 0
    last_end = -10
    n_tags = len(tags)
    family = _FAMILY
    classes = _classes
    append = events.append
    for m in _MARK_RE.finditer(text, ps, pe):
        run = m.group()
        pos = m.start()
        toks = _split_run(text, pos, run, ps) if len(run) > 1 and run[0] == "'" else ((pos, run),)
        for i, mark in toks:
            if i <= skip_until:
                continue
            if n_tags:
                while tag_k < n_tags and tags[tag_k][1] <= i:
                    tag_k += 1
                if tag_k < n_tags and tags[tag_k][0] <= i:
                    continue  # inside <a href="..."> and the like
            fam = family[mark]
            j = i + len(mark)
            prev = text[i - 1] if i > ps else ""
            nxt = text[j] if j < pe else ""
            # Adjacent to = < > : an attribute value or a tag edge (target=”_blank”>).
            if prev == "=" or prev == "<" or nxt == "=" or nxt == ">":
                if prev == "=":
                    # Skip the whole attribute value, so its closing mark cannot close a quote.
                    hit = _FAMILY_RE[fam].search(text, j, min(pe, i + _ATTR_WINDOW))
                    if hit:
                        skip_until = hit.start()
                continue
            if mark == "″" and prev.isdigit():
                continue  # 12″: a double prime (inches), not a quote mark
            if fam == _S and j == i + 1 and _local_apostrophe(text, i, ps, pe):
                continue
            # Class of the char before: an adjacent mark counts as opening/closing punctuation
            # according to the role it got, so “‘Hello and Hello’” flank correctly.
            if not prev:
                pc = _SP
            elif last_end == i:
                if last_role == _OPEN or (last_role == _AMBIG and last_typed > 0):
                    pc = _OP
                elif last_role == _CLOSE or (last_role == _AMBIG and last_typed < 0):
                    pc = _PU
                else:
                    pc = _WO
            elif prev in family:
                pc = _WO  # an apostrophe or debris mark sits inside a word
            else:
                pc = classes(prev)[0]
            if not nxt:
                nc = _SP
            elif nxt in family:
                nc = _QM
            else:
                nc = classes(nxt)[1]
            if pc in (_SP, _OP):
                role = _OPEN if nc in (_WO, _OP, _QM) else _AMBIG
            else:
                role = _CLOSE if nc in (_SP, _PU, _QM) else _AMBIG
            if mark in _LOW:
                if role == _CLOSE:
                    continue
                role = _OPEN
            # s’ followed by space is usually a plural possessive (workers’ union); it closes
            # only when the pairing pass finds no better closer for a pending single quote.
            weak = (
                fam == _S
                and mark in ("’", "'")
                and nc == _SP
                and prev in ("s", "S")
                and i - 2 >= ps
                and text[i - 2].isalpha()
            )
            typed = _TYPED.get(mark, 0)
            append((i, mark, fam, role, typed, weak))
            last_role, last_typed, last_end = role, typed, j
    return events, tag_k


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


def _pair(text: str, lo: int, hi: int) -> list[QuotedSpan]:
    paras = _paragraphs(text, lo, hi)
    has_lt = text.find("<", lo, hi) >= 0
    tags = [m.span() for m in _TAG_RE.finditer(text, lo, hi)] if has_lt else []
    scanned: list[list[_Event]] = []
    tag_k = 0
    for ps, pe in paras:
        events, tag_k = _scan_paragraph(text, ps, pe, tags, tag_k)
        scanned.append(events)

    # Found spans as (start, end, open mark, close mark, pieces); depth is set at the end.
    found: list[tuple[int, int, str, str | None, tuple[tuple[int, int], ...]]] = []
    stack: list[_Open] = []
    fstacks: tuple[list[_Open], ...] = ([], [], [], [])
    last_content = -1  # position of some content char after every open quote's start, if any
    scan_pos = lo
    skip_first = False
    content_search = _CONTENT_RE.search

    def emit(e: _Open, end: int, close: str | None) -> None:
        # Content-free spans ("", “ ... ”) are not quotes.
        if last_content > e.start:
            found.append((e.start, end, e.mark, close, (*e.pieces, (e.piece_start, end))))

    def pop_to(depth: int) -> None:
        # Quotes above ``depth`` were never closed: they are dropped, not reported, because an
        # unpaired nested mark is more often a misread apostrophe than a real quote.
        while len(stack) > depth:
            fstacks[stack.pop().fam].pop()

    for p, (ps, pe) in enumerate(paras):
        events = scanned[p]
        first = 1 if skip_first else 0
        skip_first = False
        n_events = len(events)
        # Look-ahead, right to left: free[k] = closers of event k's family after k that are
        # left over once the later openers have taken theirs (ambiguous marks count as
        # closers). An opener only nests if there are enough free closers for it and for the
        # quotes already open.
        free = [0] * n_events
        count = [0, 0, 0, 0]
        # For each weak (s’) closer: does a strong single closer come before the next single
        # opener? Then that one is the real closer and s’ is a possessive.
        weak_yields: set[int] = set()
        nxt_single = 0  # role of the next non-weak single-family event
        for k in range(n_events - 1, first - 1, -1):
            i, _mark, fam, role, _typed, weak = events[k]
            free[k] = count[fam]
            if role != _OPEN:
                count[fam] += 1
            elif count[fam]:
                count[fam] -= 1
            if fam == _S:
                if weak:
                    if nxt_single == _CLOSE:
                        weak_yields.add(i)
                else:
                    nxt_single = _OPEN if role == _OPEN else _CLOSE

        for k in range(first, n_events):
            i, mark, fam, role, typed, weak = events[k]
            if i > scan_pos:
                hit = content_search(text, scan_pos, i)
                if hit:
                    last_content = hit.start()
            scan_pos = i + len(mark)

            fst = fstacks[fam]
            need = len(fst) + 1  # free closers needed to pair a new opener and the open ones
            target = fst[-1] if fst else None
            if target is not None and (mark in _LOW or (fam in _ORIENTED and target.mark == mark)):
                target = None  # „ never closes; «…« does not pair

            if role == _AMBIG:
                # Resolved by state: close an open quote of the family, else open. A curly
                # opener nests instead when enough closers follow to pair both.
                if target is not None and not (typed > 0 and free[k] >= need):
                    role = _CLOSE
                elif free[k] >= need:
                    role = _OPEN
                else:
                    continue

            if role == _CLOSE:
                if target is None:
                    continue  # stray closer
                if weak and (stack[-1] is not target or i in weak_yields):
                    continue  # plural possessive (workers’), not the pending quote's closer
                pop_to(target.depth + 1)
                stack.pop()
                fst.pop()
                emit(target, i + len(mark), mark)
                continue

            # Opening.
            if free[k] < need:
                if mark == "'":
                    continue  # straight ' opens only with a closer to match in the paragraph
                if fst:
                    # “a “b” ...: not enough closers left for both, so the earlier quote is
                    # recovered, unclosed, where the new one opens; the new one takes its place.
                    prior = fst[-1]
                    pop_to(prior.depth + 1)
                    stack.pop()
                    fst.pop()
                    emit(prior, _rstrip_end(text, prior.start + 1, i), None)
            e = _Open(i, mark, fam, len(stack))
            stack.append(e)
            fst.append(e)

        if not stack:
            continue
        if pe > scan_pos:
            hit = content_search(text, scan_pos, pe)
            if hit:
                last_content = hit.start()
            scan_pos = pe
        pe_r = _rstrip_end(text, ps, pe)
        pop_to(1)
        top = stack[0]
        # News convention: a quote running over paragraphs leaves its end open and starts the
        # next paragraph with an opening mark of the same family.
        if p + 1 < len(paras) and scanned[p + 1]:
            i, mark, fam, role, typed, _weak = scanned[p + 1][0]
            nps = paras[p + 1][0]
            j = i + len(mark)
            if (
                fam == top.fam
                and (fam not in _ORIENTED or mark == top.mark)
                and (i == nps or text[nps:i].isspace())
                # An opening mark: opener by flanking, or “… (ambiguous but not ” + space).
                and (
                    role == _OPEN
                    or (role == _AMBIG and typed >= 0 and j < len(text) and not text[j].isspace())
                )
            ):
                top.pieces.append((top.piece_start, pe_r))
                top.piece_start = i
                skip_first = True
                scan_pos = i + len(mark)
                continue
        # Unclosed: recovered at the end of its paragraph; the next paragraph starts afresh.
        pop_to(0)
        emit(top, pe_r, None)

    # Starts are distinct (one opening mark each) and spans nest properly, so one sweep sets
    # depth = the number of reported spans around a span (a dropped middle level leaves no gap).
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


def find_quotes(text: str) -> list[QuotedSpan]:
    """All quoted spans of ``text``, nested ones too, sorted by (start, depth)."""
    return _pair(text, 0, len(text))


def _line_bounds(text: str, i: int) -> tuple[int, int]:
    """(start, end) of the line around i, in time linear in the line's length."""
    hit = _BREAK_RE.search(text, i)
    end = hit.start() if hit else len(text)
    # rfind has no "any of" form: look back in growing windows so a long text costs only
    # the line, not everything before it.
    width = 256
    hi = i
    while True:
        lo = max(0, hi - width)
        start = max(text.rfind(b, lo, hi) for b in _BREAKS)
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
