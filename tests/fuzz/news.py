"""Building blocks for random news-like texts, drawn by hypothesis or by :mod:`random`.

One grammar serves both: :func:`article` takes a *source* of choices (``choice``, ``randint``,
``text``) so the property tests draw through hypothesis (and shrink) while the fuzz script draws
through a seeded :class:`random.Random` for as long as it is given. The texts mix realistic
attribution sentences (quotes in every style, names with ranks, "according to", interrupted and
multi-paragraph quotes) with noise: HTML debris, emoji, right-to-left text, control characters,
runs of quote marks, odd line breaks and arbitrary Unicode.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from typing import Protocol, TypeVar

T = TypeVar("T")


class Source(Protocol):
    def choice(self, seq: Sequence[T]) -> T: ...
    def randint(self, lo: int, hi: int) -> int: ...
    def text(self, max_size: int) -> str: ...


# (opening, closing): matched, mixed, wrong-direction and national styles.
QUOTE_STYLES = (
    ("“", "”"),
    ("“", "”"),
    ("‘", "’"),
    ('"', '"'),
    ('"', '"'),
    ("'", "'"),
    ("«", "»"),
    ("« ", " »"),
    ("»", "«"),
    ("„", "“"),
    ("‚", "‘"),
    ("‹", "›"),
    ("''", "''"),
    ("``", "''"),
    ("“", '"'),
    ('"', "”"),
    ("”", "”"),
    ("“", "“"),
    ("“", ""),  # never closed
    ("", "”"),  # never opened
)
INNER_STYLES = (("‘", "’"), ("'", "'"), ("“", "”"), ('"', '"'), ("‹", "›"))
MARKS = ("“", "”", "‘", "’", '"', "'", "«", "»", "„", "‚", "‹", "›", "''", "‟", "″", "`")

CONTENTS = (
    "We are not going to take any chances with people’s lives",
    "It’s the ’90s all over again",
    "The workers’ union won’t accept that",
    "I don't know what they're doing",
    "Rock ’n’ roll never dies, ’cause it can’t",
    "This is a blatant violation of Iraqi sovereignty",
    "We’ll see",
    "Kata’ib Hezbollah was behind the attack",
    "The 5'10\" suspect fled on foot",
    "Is it safe?",
    "Absolutely not!",
    "…and that’s final",
    "We — the people — decide",
    "The bridge stays closed until every cable has been tested",
    "This bridge carries 90,000 vehicles a day",
    "The United States took necessary and proportionate action",
    "Nobody was hurt, thank God",
    "I told him, ‘Don’t do it,’ and he did it anyway",
    "We can’t run a city’s economy on detours",
    "Prices rose 4.5% in the ’22–’23 season",
    "Mr. O'Brien’s plan is dead on arrival",
    "These are our people 😀",
    "سنرد على أي هجوم",
    "אנחנו לא נוותר",
    "Ça va, merci",
)
SCARE = ("one-way", "blatant violation", "unacceptable", "fake news", "a disaster", "’90s")
CLAUSES = (
    "the strikes targeted three facilities",
    "the bridge would stay closed",
    "ferry service would run every 15 minutes during rush hour",
    "it’s too early to tell",
    "nobody was hurt",
    "the workers’ pay would rise",
    "the talks had failed",
    "Iran had nothing to do with the attack",
    "the plan was dead",
)
SPEAKERS = (
    "Pentagon Press Secretary John Kirby",
    "Pentagon spokeswoman, Navy Cmdr. Jessica McNulty",
    "Navy Cmdr. Jessica McNulty",
    "Army Col. Wayne Marotto",
    "Harbour police Det. Sgt. Lena Brandt",
    "Iranian foreign ministry spokesman Saeed Khatibzadeh",
    "Mayor Daniel Okafor",
    "Transport Commissioner Aisha Ramaswamy",
    "Dr. Miriam Castellanos",
    "Mr. O'Brien",
    "Ms. Ng",
    "Lt. Gen. Mark Hertling (ret.)",
    "Jean-Luc O’Neill",
    "Zoë Ångström",
    "محمد العلي",
    "דוד לוי",
    "Kirby",
    "McNulty",
    "the spokeswoman",
    "a senior official",
    "officials",
    "the ministry",
    "Reuters",
    "the White House",
    "he",
    "she",
    "they",
    "He",
    "She",
)
PRONOUNS = ("he", "she", "they", "Kirby", "the mayor")
CUES = (
    "said",
    "says",
    "told reporters",
    "told Reuters",
    "added",
    "warned",
    "noted",
    "explained",
    "insisted",
    "went on to say",
    "wrote",
    "confirmed",
    "condemned",
    "announced",
    "stated",
    "claimed",
    "argued",
    "said on Tuesday",
)
NARRATIVE = (
    "The strikes came two days after a drone attack on a base in Jordan.",
    "Traffic was backed up for miles.",
    "It was the third closure this year.",
    "Click here to subscribe.",
    "(Reporting by Jane Doe; Editing by John Roe)",
    "Copyright 2024 The Associated Press. All rights reserved.",
    "Read more: Why the bridge matters",
    "Photo: AP",
    "The company’s shares fell 3%.",
    "In the 1990’s, the city’s population doubled.",
)
HTML = (
    '<a href="x">',
    "</a>",
    "target=”_blank”>",
    '<a href="https://example.com/a" target=”_blank” rel=”noopener”>',
    '<img src="https://cdn.example.com/photo.jpg" alt="“Photo”">',
    "<p class='lead'>",
    "</p>",
    "<br/>",
    "&quot;",
    "&amp;",
    "&#8220;",
    '<script>var s = "“x”";</script>',
    "<div style=\"font-family:'Arial'\">",
    "<",
    ">",
    "</",
)
EMOJI = ("😀", "🇺🇸", "👍🏽", "👨‍👩‍👧", "🔥🔥", "™", "©")
RTL = ("مرحبا بالعالم", "«سلام» قال", "שלום עולם", "„שלום“", "\u200f", "\u202e", "\u202b")
CONTROL = (
    "\x00",
    "\x01",
    "\x07",
    "\x08",
    "\x0b",
    "\x0c",
    "\x1b",
    "\x7f",
    "\x85",
    "\u200b",
    "\u200d",
    "\ufeff",
    "\u2028",
    "\u2029",
    "\t",
    "\u00a0",
    "\ufffd",
    "\ud7ff",
)
SEPARATORS = (" ", " ", " ", "", "\n", "\n\n", "\n\n", "\r\n", "\r\n\r\n", "\r", "  ", "\t")


# --- sentences --------------------------------------------------------------------------------


def _q(src: Source, words: str) -> str:
    o, c = src.choice(QUOTE_STYLES)
    return f"{o}{words}{c}"


def _content(src: Source) -> str:
    return src.choice(CONTENTS)


def direct_after(src: Source) -> str:
    o, c = src.choice(QUOTE_STYLES)
    punct = src.choice((",", ",", "", "?", "!", "."))
    who, cue = src.choice(SPEAKERS), src.choice(CUES)
    tail = src.choice((f"{who} {cue}", f"{cue} {who}", f"{who} {cue} in a statement"))
    return f"{o}{_content(src)}{punct}{c} {tail}."


def direct_before(src: Source) -> str:
    o, c = src.choice(QUOTE_STYLES)
    colon = src.choice((":", ",", "", " that"))
    return f"{src.choice(SPEAKERS)} {src.choice(CUES)}{colon} {o}{_content(src)}.{c}"


def interrupted(src: Source) -> str:
    o, c = src.choice(QUOTE_STYLES)
    o2, c2 = src.choice(((o, c), *QUOTE_STYLES[:4]))
    return (
        f"{o}{_content(src)},{c} {src.choice(PRONOUNS)} {src.choice(CUES)}. "
        f"{o2}{_content(src)}.{c2}"
    )


def indirect(src: Source) -> str:
    that = src.choice(("that ", "", "on Monday that "))
    return f"{src.choice(SPEAKERS)} {src.choice(CUES)} {that}{src.choice(CLAUSES)}."


def according_to(src: Source) -> str:
    who, clause = src.choice(SPEAKERS), src.choice(CLAUSES)
    if src.randint(0, 1):
        return f"{clause[0].upper()}{clause[1:]}, according to {who}."
    return f"According to {who}, {clause}."


def mixed(src: Source) -> str:
    scare = _q(src, src.choice(SCARE))
    return f"{src.choice(SPEAKERS)} {src.choice(CUES)} {src.choice(CLAUSES)}, calling it {scare}."


def nested(src: Source) -> str:
    o, c = src.choice(QUOTE_STYLES)
    io, ic = src.choice(INNER_STYLES)
    return (
        f"{o}He told me {io}{_content(src)}{ic} and left,{c} "
        f"{src.choice(SPEAKERS)} {src.choice(CUES)}."
    )


def multi_paragraph(src: Source) -> str:
    o, c = src.choice(QUOTE_STYLES)
    brk = src.choice(("\n", "\n\n", "\r\n\r\n"))
    return (
        f"{src.choice(SPEAKERS)} {src.choice(CUES)}: {o}{_content(src)}.{brk}{o}{_content(src)}.{c}"
    )


def narrative(src: Source) -> str:
    return src.choice(NARRATIVE)


def html(src: Source) -> str:
    return src.choice(HTML)


def emoji(src: Source) -> str:
    return src.choice(EMOJI)


def rtl(src: Source) -> str:
    return src.choice(RTL)


def control(src: Source) -> str:
    return src.choice(CONTROL)


def mark_run(src: Source, longest: int = 60) -> str:
    if src.randint(0, 1):
        return src.choice(MARKS) * src.randint(1, longest)
    return "".join(src.choice(MARKS) for _ in range(src.randint(1, 12)))


def unicode_noise(src: Source) -> str:
    return src.text(8)


SENTENCES: tuple[Callable[[Source], str], ...] = (
    direct_after,
    direct_after,
    direct_before,
    interrupted,
    indirect,
    according_to,
    mixed,
    nested,
    multi_paragraph,
    narrative,
)
NOISE: tuple[Callable[[Source], str], ...] = (
    html,
    emoji,
    rtl,
    control,
    mark_run,
    unicode_noise,
)


def article(src: Source, max_chars: int = 600, max_blocks: int = 10) -> str:
    """A news-like text: attribution sentences and noise, joined by assorted breaks.

    About one block in four is noise; the text is cut at ``max_chars`` (which may leave a
    quote open, as a truncated feed does).
    """
    out: list[str] = []
    for _ in range(src.randint(1, max_blocks)):
        block = src.choice(SENTENCES) if src.randint(0, 3) else src.choice(NOISE)
        out.append(block(src))
        out.append(src.choice(SEPARATORS))
    return "".join(out)[:max_chars]


# --- sources ----------------------------------------------------------------------------------

# Code points for arbitrary text: mostly printable, plus the classes that break naive code.
_RANGES = (
    (0x20, 0x7E),
    (0x00, 0x1F),
    (0xA0, 0x17F),
    (0x2000, 0x206F),
    (0x0590, 0x06FF),
    (0x1F300, 0x1FAFF),
    (0x4E00, 0x4E80),
    (0xFE00, 0xFFFF),
)


class RandomSource:
    """A :class:`Source` over :class:`random.Random` (the fuzz script)."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def choice(self, seq: Sequence[T]) -> T:
        return self.rng.choice(seq)

    def randint(self, lo: int, hi: int) -> int:
        return self.rng.randint(lo, hi)

    def text(self, max_size: int) -> str:
        rng = self.rng
        chars = []
        for _ in range(rng.randint(0, max_size)):
            lo, hi = rng.choice(_RANGES)
            cp = rng.randint(lo, hi)
            if 0xD800 <= cp <= 0xDFFF:  # lone surrogates are not text (UTF-8 cannot hold them)
                cp = 0xFFFD
            chars.append(chr(cp))
        return "".join(chars)


def random_article(rng: random.Random, max_chars: int = 600, max_blocks: int = 10) -> str:
    return article(RandomSource(rng), max_chars, max_blocks)


def strategy(max_chars: int = 600, max_blocks: int = 10):
    """The hypothesis strategy for :func:`article` (hypothesis is imported only here)."""
    from hypothesis import strategies as st

    class _DrawSource:
        def __init__(self, draw) -> None:
            self.draw = draw

        def choice(self, seq):
            return self.draw(st.sampled_from(seq))

        def randint(self, lo, hi):
            return self.draw(st.integers(lo, hi))

        def text(self, max_size):
            alphabet = st.characters(exclude_categories=("Cs",))
            return self.draw(st.text(alphabet, max_size=max_size))

    @st.composite
    def articles(draw):
        return article(_DrawSource(draw), max_chars, max_blocks)

    return articles()
