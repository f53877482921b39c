"""Tests for quotes.marks: quotation-mark pairing on raw text."""

from __future__ import annotations

import re
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import quotes.paragraphs as paragraphs_module
from quotes import marks
from quotes.marks import QuotedSpan, find_quotes, is_apostrophe, paragraphs
from quotes.paragraphs import BREAKS

QUOTE_CHARS = set("\"'“”‘’«»„‚‹›‟‛″")
SINGLE_CHARS = set("'‘’‚‛")


def got(text: str) -> list[tuple[str, int, bool]]:
    """(quoted text, depth, closed) per span: the readable form of find_quotes."""
    return [(text[s.start : s.end], s.depth, s.closed) for s in find_quotes(text)]


def span_at(text: str, quoted: str, nth: int = 0) -> tuple[int, int]:
    """(start, end) of the nth occurrence of ``quoted`` in ``text``, located by hand."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(quoted, start + 1)
    return start, start + len(quoted)


def check_invariants(text: str, spans: list[QuotedSpan]) -> None:
    n = len(text)
    assert spans == sorted(spans, key=lambda s: (s.start, s.depth))
    for s in spans:
        assert 0 <= s.start < s.end <= n
        assert text[s.start] in QUOTE_CHARS
        assert text.startswith(s.open_mark, s.start)
        assert s.closed == (s.close_mark is not None)
        if s.closed:
            assert text[s.end - len(s.close_mark) : s.end] == s.close_mark
        assert s.pieces
        assert s.pieces[0][0] == s.start
        assert s.pieces[-1][1] == s.end
        for k, (a, b) in enumerate(s.pieces):
            assert s.start <= a < b <= s.end
            assert text[a] in QUOTE_CHARS
            # A piece never crosses a paragraph break; only pieces join paragraphs, and only
            # whitespace (with at least one line break) lies between two pieces.
            assert not any(ch in text[a:b] for ch in BREAKS)
            if k:
                gap = text[s.pieces[k - 1][1] : a]
                assert gap.isspace() and any(ch in gap for ch in BREAKS)
        lo, hi = s.inner
        assert s.start < lo <= hi <= s.end
    # Disjoint or properly nested, and depth = number of spans around it.
    for a in spans:
        around = 0
        for b in spans:
            if a is b:
                continue
            disjoint = a.end <= b.start or b.end <= a.start
            a_in_b = b.start <= a.start and a.end <= b.end
            b_in_a = a.start <= b.start and b.end <= a.end
            assert disjoint or a_in_b or b_in_a, (a, b)
            if a_in_b and not disjoint:
                around += 1
        assert a.depth == around, (a, spans)


# --- styles -------------------------------------------------------------------------------


def test_curly_double_exact_offsets():
    text = "“We will win,” she said on Monday."
    (s,) = find_quotes(text)
    start, end = span_at(text, "“We will win,”")
    assert (s.start, s.end) == (start, end)
    assert (s.open_mark, s.close_mark, s.depth, s.closed) == ("“", "”", 0, True)
    assert s.pieces == ((start, end),)
    assert s.inner == (start + 1, end - 1)
    assert text[slice(*s.inner)] == "We will win,"


@pytest.mark.parametrize(
    ("text", "quoted"),
    [
        ('Officials said "the damage is limited" on Monday.', '"the damage is limited"'),
        ("Officials said ‘the damage is limited’ on Monday.", "‘the damage is limited’"),
        ("Officials said 'the damage is limited' on Monday.", "'the damage is limited'"),
        ("Il a dit « les dégâts sont limités » lundi.", "« les dégâts sont limités »"),
        ("He said «the damage is limited» on Monday.", "«the damage is limited»"),
        ("Er sagte »der Schaden ist begrenzt« am Montag.", "»der Schaden ist begrenzt«"),
        ("Er sagte „der Schaden ist begrenzt“ am Montag.", "„der Schaden ist begrenzt“"),
        ("Powiedział „szkody są ograniczone” w poniedziałek.", "„szkody są ograniczone”"),
        ("Er sagte ‚nein‘ am Montag.", "‚nein‘"),
        ("Il a dit ‹oui› lundi.", "‹oui›"),
        ("Er sagte ›ja‹ am Montag.", "›ja‹"),
        ("‟The damage is limited,” he said.", "‟The damage is limited,”"),
        ("He said ″the damage is limited″ on Monday.", "″the damage is limited″"),
        ("''The damage is limited,'' he said.", "''The damage is limited,''"),
        ("‘‘The damage is limited,’’ he said.", "‘‘The damage is limited,’’"),
    ],
)
def test_every_style_one_span(text, quoted):
    start, end = span_at(text, quoted)
    spans = find_quotes(text)
    assert [(s.start, s.end, s.depth, s.closed) for s in spans] == [(start, end, 0, True)]


def test_mixed_curly_and_straight_close_each_other():
    text = '“We will win," he said. "We will not lose,” she said.'
    assert got(text) == [('“We will win,"', 0, True), ('"We will not lose,”', 0, True)]


def test_double_prime_after_digit_is_not_a_quote():
    assert find_quotes("He is 5′10″ tall and ordered a 12″ pizza.") == []


# --- nesting ----------------------------------------------------------------------------


def test_single_inside_double_is_nested():
    text = "“He told me ‘never again’ twice,” she said."
    outer, inner = find_quotes(text)
    assert (outer.start, outer.end) == span_at(text, "“He told me ‘never again’ twice,”")
    assert (inner.start, inner.end) == span_at(text, "‘never again’")
    assert (outer.depth, inner.depth) == (0, 1)


def test_double_inside_single_british_is_nested():
    text = "‘He told me “never again” twice,’ she said."
    assert got(text) == [
        ("‘He told me “never again” twice,’", 0, True),
        ("“never again”", 1, True),
    ]


def test_straight_single_inside_straight_double():
    text = "\"He told me 'never again' twice,\" she said."
    assert got(text) == [
        ("\"He told me 'never again' twice,\"", 0, True),
        ("'never again'", 1, True),
    ]


def test_three_levels():
    text = "“A ‘b “c” d’ e,” he said."
    assert got(text) == [
        ("“A ‘b “c” d’ e,”", 0, True),
        ("‘b “c” d’", 1, True),
        ("“c”", 2, True),
    ]


def test_nyt_doubled_apostrophes_with_inner_single():
    text = "''I said, 'The lesson of history is clear,''' he recalled."
    assert got(text) == [
        ("''I said, 'The lesson of history is clear,'''", 0, True),
        ("'The lesson of history is clear,'", 1, True),
    ]


def test_scare_quotes_are_plain_depth_zero_spans():
    text = (
        "“The targets selected were facilities utilized by the network,” Navy Cmdr. Jessica "
        "McNulty said Monday. She said those groups have conducted at least five such "
        "“one-way” drone attacks since April."
    )
    assert got(text) == [
        ("“The targets selected were facilities utilized by the network,”", 0, True),
        ("“one-way”", 0, True),
    ]


def test_adjacent_quotes():
    text = "GOPers repeat “Peace Through Strength,” “Law and Order,” and “Sanity.”"
    assert got(text) == [
        ("“Peace Through Strength,”", 0, True),
        ("“Law and Order,”", 0, True),
        ("“Sanity.”", 0, True),
    ]


def test_quote_ending_in_dash_and_ellipsis_start():
    text = "“I was going to—” he said. “…and then we left,” she said."
    assert got(text) == [("“I was going to—”", 0, True), ("“…and then we left,”", 0, True)]


# --- apostrophes ------------------------------------------------------------------------


APOSTROPHE_TEXT = (
    "It’s Kata’ib Hezbollah, not O'Brien; rock’n’roll and rock ’n’ roll and rock 'n' roll "
    "since the ’90s and '16; don't; ’em, ’til, ’tis, ’cause; the workers’ union; "
    "the Joneses’ house; Fox News’ Jennifer Griffin; the 1990’s."
)


def test_apostrophes_make_no_spans():
    assert find_quotes(APOSTROPHE_TEXT) == []


@pytest.mark.parametrize(
    "word",
    [
        "It’s",
        "Kata’ib",
        "O'Brien",
        "rock’n’roll",
        "’n’",
        "'n'",
        "’90s",
        "'16",
        "don't",
        "’em",
        "’til",
        "’tis",
        "’cause",
        "workers’",
        "Joneses’",
        "News’",
        "1990’s",
    ],
)
def test_is_apostrophe(word):
    base = APOSTROPHE_TEXT.index(word)
    marks = [base + k for k, ch in enumerate(word) if ch in SINGLE_CHARS]
    assert marks
    for i in marks:
        assert is_apostrophe(APOSTROPHE_TEXT, i), (word, i)


def test_apostrophes_inside_a_quote_do_not_break_it():
    text = "“It’s the workers’ union, not O'Brien’s, since the ’90s,” he said."
    assert got(text) == [("“It’s the workers’ union, not O'Brien’s, since the ’90s,”", 0, True)]


def test_is_apostrophe_false_for_quote_marks():
    text = "She said ‘no way’ and “fine.”"
    assert not is_apostrophe(text, text.index("‘"))
    assert not is_apostrophe(text, text.index("’"))
    assert not is_apostrophe(text, text.index("“"))  # not a single mark at all
    assert not is_apostrophe(text, len(text) + 5)  # out of range


def test_plural_possessive_closes_a_pending_single_quote():
    text = "They called it ‘the workers’ and left."
    assert got(text) == [("‘the workers’", 0, True)]
    assert not is_apostrophe(text, text.index("’"))


def test_plural_possessive_yields_to_a_later_closer():
    text = "‘The workers’ union is strong,’ he said."
    assert got(text) == [("‘The workers’ union is strong,’", 0, True)]
    assert is_apostrophe(text, text.index("’"))


def test_plural_possessive_inside_a_double_quote():
    text = "“The workers’ union is strong,” he said."
    assert got(text) == [("“The workers’ union is strong,”", 0, True)]


def test_straight_single_needs_a_closer():
    text = "He said 'no way and left. Then she said 'fine' to him."
    assert got(text) == [("'fine'", 0, True)]
    assert is_apostrophe(text, text.index("'no"))
    assert not is_apostrophe(text, text.index("'fine"))


def test_possessive_after_closing_quote():
    text = "The “Apprentice”’s host said so."
    assert got(text) == [("“Apprentice”", 0, True)]


# --- paragraphs ---------------------------------------------------------------------------


def test_paragraphs_all_line_breaks_and_blank_lines():
    text = "a\n\nb b\r\nc\rd\u2028e\u2029f\n   \n\tg  \n"
    assert [text[s:e] for s, e in paragraphs(text)] == ["a", "b b", "c", "d", "e", "f", "\tg  "]
    assert paragraphs("") == []
    assert paragraphs("\n\n \n") == []


@pytest.mark.parametrize("brk", ["\n", "\n\n", "\r\n", "\r\n\r\n", "\u2029", "\n  \n"])
def test_multi_paragraph_continuation(brk):
    p1 = "“The first part of the quote ends here."
    p2 = "“The second part goes on."
    p3 = "“The third part closes it,” he said."
    text = brk.join([p1, p2, p3])
    (s,) = find_quotes(text)
    a2 = text.index("“The second")
    a3 = text.index("“The third")
    close = text.index("”") + 1
    assert (s.start, s.end, s.closed, s.depth, s.close_mark) == (0, close, True, 0, "”")
    assert s.pieces == ((0, len(p1)), (a2, a2 + len(p2)), (a3, close))
    assert s.inner == (1, close - 1)


def test_multi_paragraph_straight_marks_and_nested_quote():
    text = '"We will win.\n\n"They said \'never\' but we did," he said.'
    assert got(text) == [
        ('"We will win.\n\n"They said \'never\' but we did,"', 0, True),
        ("'never'", 1, True),
    ]


def test_multi_paragraph_never_closed():
    text = "“First part.  \n\n“Second part.\n\nHe said more."
    (s,) = find_quotes(text)
    assert not s.closed and s.close_mark is None
    assert s.pieces == ((0, len("“First part.")), span_at(text, "“Second part."))
    assert s.end == text.index("\n\nHe")


def test_unclosed_recovered_at_paragraph_end_next_paragraph_unharmed():
    text = "He said “we will win.  \nShe replied “fine” and left. “Good,” he said."
    spans = find_quotes(text)
    assert got(text) == [
        ("“we will win.", 0, False),
        ("“fine”", 0, True),
        ("“Good,”", 0, True),
    ]
    assert spans[0].end == text.index("  \n")
    assert spans[0].inner == (spans[0].start + 1, spans[0].end)


def test_closer_at_next_paragraph_start_is_not_a_continuation():
    text = "“Unclosed quote\n” stray mark and “a real one” here."
    assert got(text) == [("“Unclosed quote", 0, False), ("“a real one”", 0, True)]


def test_closed_quotes_in_consecutive_paragraphs_stay_separate():
    text = "“One,” he said.\n\n“Two,” he added."
    assert got(text) == [("“One,”", 0, True), ("“Two,”", 0, True)]


# --- unbalanced and wrong-direction marks ------------------------------------------------


def test_stray_closer_is_ignored():
    text = "He left.” Then “she came” back."
    assert got(text) == [("“she came”", 0, True)]


def test_wrong_direction_curly_marks():
    assert got("”We will win,“ he said.") == [("”We will win,“", 0, True)]
    assert got("“We will win“ he said.") == [("“We will win“", 0, True)]
    assert got("He said ’no way‘ today.") == [("’no way‘", 0, True)]


def test_two_openers_without_enough_closers():
    # Documented choice: the first quote is recovered, unclosed, where the second opens.
    text = "“a “b” c"
    spans = find_quotes(text)
    assert got(text) == [("“a", 0, False), ("“b”", 0, True)]
    assert spans[0].end == 2


def test_two_openers_with_two_closers_nest():
    assert got("“a “b” c”") == [("“a “b” c”", 0, True), ("“b”", 1, True)]
    text = '"a "b" c" and "x'
    assert got(text) == [('"a "b" c"', 0, True), ('"b"', 1, True), ('"x', 0, False)]


def test_nested_unclosed_is_dropped_outer_survives():
    text = "“He said ‘no way to me,” she said."
    assert got(text) == [("“He said ‘no way to me,”", 0, True)]


def test_guillemets_do_not_pair_with_themselves():
    # Neither pairs; both openers are recovered unclosed (the first where the second opens).
    assert got("Er sagte »ja» und «nein«.") == [("»ja» und", 0, False), ("«nein«.", 0, False)]


# --- HTML debris and content-free spans --------------------------------------------------


SEED_FIRST_LINE = (
    "American military” target=”_blank”>forces< were attacked by multiple rockets Monday, "
    "officials said, following U.S. airstrikes targeting pro-conflicts militias in Syria and "
    "Iraq."
)


def test_seed_html_debris_line_has_no_span():
    assert find_quotes(SEED_FIRST_LINE) == []
    text = SEED_FIRST_LINE + "\n“We will respond,” Kirby said."
    assert got(text) == [("“We will respond,”", 0, True)]


def test_html_tags_and_attributes_are_ignored():
    text = 'Click <a href="https://x.com/a" target="_blank">Read “more” here</a> now.'
    assert got(text) == [("“more”", 0, True)]
    text = "“Click <a href=\"x\" title='y'>here</a> now,” he said."
    assert got(text) == [("“Click <a href=\"x\" title='y'>here</a> now,”", 0, True)]
    text = '“See class="big story" and more,” he said.'
    assert got(text) == [('“See class="big story" and more,”', 0, True)]
    assert find_quotes('<img alt="a photo" src="x.jpg">') == []


def test_content_free_spans_are_not_reported():
    assert find_quotes("He wrote \"\" and “ ” and '...' and “—” and «?».") == []


# --- robustness ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "“Great 🎉 news for 🇺🇸 fans,” she said.",
        "“שלום עולם,” he said in Hebrew.",
        "“مرحبا بالعالم,” he said.",
        "“abc\x00def\x07,” he\x1b said\u200f.",
    ],
)
def test_emoji_rtl_and_control_chars(text):
    spans = find_quotes(text)
    assert len(spans) == 1 and spans[0].start == 0 and spans[0].closed
    check_invariants(text, spans)


# Shapes that would make a careless pairing pass quadratic, each as text of about n characters.
LONG_SHAPES = {
    "straight-doubles": lambda n: '"' * n,
    "curly-openers": lambda n: "“" * n,
    "curly-closers": lambda n: "”" * n,
    "straight-singles": lambda n: "'" * n,
    "curly-single-closers": lambda n: "’" * n,
    "empty-pairs": lambda n: "“”" * (n // 2),
    "open-a-close": lambda n: "“a ” " * (n // 4),
    "double-single-openers": lambda n: "“‘" * (n // 2),
    "every-mark": lambda n: "".join("\"'“”‘’«»„‚‹›‟″"[(k * 7) % 14] for k in range(n)),
    "one-opener-then-words": lambda n: "He said “" + "word " * (n // 5) + "  ",
    "news": lambda n: NEWS_PARA * (n // len(NEWS_PARA)),
}
NEWS_PARA = (
    "The airstrikes targeted “facilities used by Iran-backed militia groups” near the "
    "border, officials said. “The United States took necessary action,” said Kirby. "
    "It’s the workers’ union, O'Brien said, since the ’90s.\n"
)


@pytest.mark.parametrize("make", LONG_SHAPES.values(), ids=LONG_SHAPES.keys())
def test_long_texts_of_each_shape_keep_the_invariants(make):
    text = make(10_000)
    spans = find_quotes(text)
    if len(spans) < 300:  # the pairwise check is quadratic
        check_invariants(text, spans)
    for s in spans:
        assert 0 <= s.start < s.end <= len(text)


class _Tally:
    """A compiled pattern that adds to ``count`` the characters each call may scan."""

    def __init__(self, pattern: re.Pattern[str], count: list[int]) -> None:
        self.pattern, self.count = pattern, count

    def search(self, text: str, pos: int = 0, endpos: int = sys.maxsize):
        self.count[0] += min(endpos, len(text)) - pos
        return self.pattern.search(text, pos, endpos)

    def finditer(self, text: str, pos: int = 0, endpos: int = sys.maxsize):
        self.count[0] += min(endpos, len(text)) - pos
        return self.pattern.finditer(text, pos, endpos)

    def match(self, text: str, pos: int = 0, endpos: int = sys.maxsize):
        self.count[0] += 1  # anchored patterns of bounded length
        return self.pattern.match(text, pos, endpos)


def work(text: str, count: list[int]) -> int:
    """Operations find_quotes spends on ``text``: the lines it runs in quotes/marks.py and
    quotes/paragraphs.py, plus the characters handed to the (tallied) regular expressions."""
    files = {marks.__file__, paragraphs_module.__file__}
    count[0] = 0

    def line(frame, event, arg):
        if event == "line":
            count[0] += 1
        return line

    previous = sys.gettrace()
    sys.settrace(lambda frame, event, arg: line if frame.f_code.co_filename in files else None)
    try:
        find_quotes(text)
    finally:
        sys.settrace(previous)
    return count[0]


@pytest.mark.parametrize("make", LONG_SHAPES.values(), ids=LONG_SHAPES.keys())
def test_work_grows_linearly_with_the_text(make, monkeypatch):
    # The shape of the algorithm, not a timing: doubling the text about doubles the work
    # (2.3: linear with some slack; a quadratic step shows about 4).
    count = [0]
    for name in ("_MARK_RE", "_TAG_RE", "_CONTENT_RE", "_ELISION_RE"):
        monkeypatch.setattr(marks, name, _Tally(getattr(marks, name), count))
    family = tuple(_Tally(p, count) for p in marks._FAMILY_RE)
    monkeypatch.setattr(marks, "_FAMILY_RE", family)
    work("“It’s” warm-up, ’90s", count)  # fill the module's character-class cache
    counts = [work(make(n), count) for n in (2_000, 4_000, 8_000)]
    assert counts[0] > 0
    assert max(b / a for a, b in zip(counts, counts[1:], strict=False)) <= 2.3, counts


def test_five_thousand_words_one_opener():
    words = " ".join(f"word{k % 97}" for k in range(5_000))
    text = "He said “" + words + "  "
    (s,) = find_quotes(text)
    assert (s.start, s.end, s.closed) == (text.index("“"), len(text) - 2, False)
    # Same in the middle of a multi-paragraph text: the paragraphs after it are unharmed.
    text2 = text + "\nShe said “no.”"
    assert got(text2)[1:] == [("“no.”", 0, True)]


def test_one_megabyte_of_news_text():
    text = NEWS_PARA * (1_000_000 // len(NEWS_PARA))
    spans = find_quotes(text)
    assert len(spans) == 2 * (1_000_000 // len(NEWS_PARA))


def test_deterministic_and_inner():
    text = "“He said ‘no’ twice,” she said.\n\n“Unclosed"
    assert find_quotes(text) == find_quotes(text)
    for s in find_quotes(text):
        lo, hi = s.inner
        assert text[s.start : lo] == s.open_mark


# --- properties ---------------------------------------------------------------------------


MARKS = ["“", "”", "‘", "’", '"', "'", "«", "»", "„", "‚", "‹", "›", "‟", "″", "''", "‘‘", "’’"]
FRAGMENTS = [
    *MARKS,
    *MARKS,
    "word",
    "Kirby",
    "said",
    "the",
    " ",
    " ",
    " ",
    "  ",
    "\t",
    "\n",
    "\n\n",
    "\r\n",
    "\r",
    "\u2028",
    "\u2029",
    "it’s",
    "O'Brien",
    "Kata’ib",
    "the ’90s",
    "'16",
    "workers’",
    "rock’n’roll",
    "rock 'n' roll",
    "’em",
    "5′10″",
    "12″",
    '<a href="x">',
    "</a>",
    "target=”_blank”>",
    "=",
    "<",
    ">",
    "<b",
    "😀",
    "🇺🇸",
    "👍🏽",
    "שלום",
    "مرحبا",
    "\u200f",
    "\u200b",
    "\x00",
    "\x07",
    "\x1b",
    "—",
    "–",
    "-",
    "(",
    ")",
    "[",
    ":",
    "/",
    ",",
    ".",
    "…",
    "?",
    "!",
]
mark_runs = st.builds(lambda m, n: m * n, st.sampled_from(MARKS), st.integers(1, 60))
texts = st.lists(
    st.one_of(
        st.sampled_from(FRAGMENTS),
        mark_runs,
        st.text(alphabet=st.sampled_from("“”‘’\"'«»„‚ a.\n"), max_size=8),
        st.text(max_size=4),
    ),
    max_size=40,
).map("".join)


def check_is_apostrophe(text: str) -> None:
    """On one paragraph, is_apostrophe is False for every single mark find_quotes uses."""
    used = set()
    for s in find_quotes(text):
        used.add(s.start)
        if s.closed:
            used.add(s.end - len(s.close_mark))
    for i, ch in enumerate(text):
        result = is_apostrophe(text, i)
        assert isinstance(result, bool)
        if ch not in SINGLE_CHARS or i in used:
            assert not result, i


# database=None: no .hypothesis/ directory left in the repository.
@settings(max_examples=2000, deadline=None, database=None)
@given(texts)
def test_property_invariants(text):
    spans = find_quotes(text)
    check_invariants(text, spans)
    assert find_quotes(text) == spans  # deterministic
    line = text
    for brk in BREAKS:
        line = line.replace(brk, " ")
    check_is_apostrophe(line[:120])
