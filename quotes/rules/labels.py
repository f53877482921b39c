"""Speaker labels: a paragraph that opens with who is speaking and a colon.

Transcripts, panels, podcasts, earnings calls and Q&As write turns as labels, in many styles:
"WALLACE: …", "HOST ROSA DELGADO-PRICE: …", "MODERATOR (KAREN IBE): …", "MARGUERITE (CALLER,
ASHBY): …", "ROSALIE FONTAINE, IRONWORKER: …", "Hannah Vogel — Pinecrest Securities: …",
"[00:00:14] Tomás Berrocal: …", "A: …" (the interviewee). Headlines do it too ("Pence:
Flowers won't be at debate"). A label is a speaker when it names someone: a full name, a name
with a role, a name the document gives a person, a document ("Poll: …"), or one of the labels
of a dialogue (labels that take turns). Section labels ("MARKETS:", "Related:", "Q:") name
nobody.

In a dialogue the turns are verbatim speech (direct quotes), and a paragraph with no label
right after an answer goes on with it (``turn``).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from ..attribution import Attribution
from ..cues import CueMatch
from ..entities.names import fold
from .context import Context

# "[00:00:14] " before a label; the label itself, then ": " and the turn
_LABEL = re.compile(
    r"[\s\"“‘'«„]*(?:\[[^\]\n]{1,15}\]\s*)?(?P<label>[^:\n\"“”]{1,70}?)\s*(?P<colon>:)\s+(?=\S)"
)
_ROLE_SPLIT = re.compile(r"\s*(?:,|—|–|\s-\s)\s*")
_PARENS = re.compile(r"^(?P<pre>[^()]*)\((?P<inside>[^()]*)\)\s*$")
_NAME_WORD = re.compile(r"^(?:[A-Z][\w'’.\-]*|[A-Z]\.|[a-z]{1,3})$")
_ANSWERS = frozenset(("a", "answer"))
# what follows a name in an address that opens a speech, not a role in a label: "Mr. Chief
# Justice, and may it please the Court: …"
_ADDRESS_GOES_ON = re.compile(r"\s*,\s*(?:and|or|but|may|if|please)\b", re.I)


@dataclass(frozen=True, slots=True)
class Label:
    """A label at the start of a paragraph: its characters, the name part, and the colon."""

    start: int
    end: int
    name_start: int
    name_end: int
    colon: int
    text: str


def _name_part(label: str, start: int, lex_roles: frozenset[str]) -> tuple[int, int]:
    """Character range of the name inside a label: before a comma, dash or parenthesis that
    gives the role ("MARGUERITE (CALLER, ASHBY)"), or inside the parenthesis when the label
    is a role ("MODERATOR (KAREN IBE)"); role words before a name are skipped ("HOST ROSA")."""
    m = _PARENS.match(label)
    if m and m.group("pre").strip().lower() in lex_roles and m.group("inside").strip():
        inside = m.group("inside").strip()
        offset = label.index(inside, m.start("inside"))
        return start + offset, start + offset + len(inside)
    head = _ROLE_SPLIT.split(m.group("pre") if m else label)[0].strip()
    words = head.split()
    while len(words) > 1 and words[0].lower().strip(".") in lex_roles:
        words = words[1:]
    name = " ".join(words)
    offset = label.find(name)
    return start + offset, start + offset + len(name)


def find_labels(ctx: Context) -> list[Label]:
    """The labels opening paragraphs, whether or not they name a speaker."""
    text = ctx.text.text
    roles = frozenset(ctx.lex.titles) | frozenset(("unidentified", "unknown"))
    found = []
    for a, b in ctx.text.paras:
        m = _LABEL.match(text, a, b)
        if m is None:
            continue
        label = m.group("label").strip()
        start = m.start("label") + m.group("label").index(label)
        ns, ne = _name_part(label, start, roles)
        name = text[ns:ne]
        words = name.split()
        if not (1 <= len(words) <= 5) or not all(_NAME_WORD.match(w) for w in words):
            continue
        if not any(w[:1].isupper() for w in words) or _ADDRESS_GOES_ON.match(text, ne, b):
            continue
        found.append(Label(start, start + len(label), ns, ne, m.start("colon"), name))
    return found


def _speaks(ctx: Context, label: Label, dialogue: set[str]) -> bool:
    """Does the label name someone (see the module's docstring)?"""
    key = fold(label.text)
    stop = ctx.lex.not_labels
    full = fold(ctx.text.text[label.start : label.end])
    if key in stop or full in stop or key.split()[0] in stop:
        return False
    if key in _ANSWERS or key in ctx.lex.document_nouns:
        return True  # "A:" is the interviewee; "Poll: …" a source that speaks
    names = ctx.text.tokens_in(label.name_start, label.name_end)
    if any(ctx.doc[i].ent_type_ in ("PERSON", "ORG", "NORP") for i in names):
        return True
    # a headline "Sanders: Clinton Needs to Talk About the Real Issues"
    lex = ctx.lex
    if ctx.text.paragraph_of(label.start) == 0 and label.text.istitle():
        return key not in lex.titles and key not in lex.group_nouns and key not in lex.org_words
    if len(key.split()) >= 2 or key in dialogue:
        return True
    # a name the document gives a person ("MARCHBANKS" for Councillor Theo Marchbanks)
    return any(e.kind == "person" and e.name and key in fold(e.name).split() for e in ctx.entities)


def _dialogue(ctx: Context, labels: list[Label]) -> set[str]:
    """Labels that take turns: a dialogue has two labels or more, one of them repeated or
    two different ones in paragraphs next to each other."""
    counts = Counter(fold(lb.text) for lb in labels)
    if len(counts) < 2:
        return set()
    paras = [(ctx.text.paragraph_of(lb.start), fold(lb.text)) for lb in labels]
    pairs = zip(paras, paras[1:], strict=False)
    adjacent = any(b[0] - a[0] == 1 and a[1] != b[1] for a, b in pairs)
    return set(counts) if max(counts.values()) >= 2 or adjacent else set()


def labels(ctx: Context) -> list[Attribution]:
    """ "NAME: content" at the start of a paragraph, for every label that names someone; in a
    dialogue also the unlabelled paragraphs that go on with an answer."""
    doc = ctx.doc
    found = find_labels(ctx)
    dialogue = _dialogue(ctx, found)
    by_para = {ctx.text.paragraph_of(lb.start): lb for lb in found}
    # a turn of a dialogue has another labelled paragraph next to it ("Pence: …" heading a
    # story is no turn, even if PENCE speaks in a transcript further down)
    turns = {n for n in by_para if n - 1 in by_para or n + 1 in by_para or n - 2 in by_para}
    out: list[Attribution] = []
    previous: Attribution | None = None
    for n, (a, b) in enumerate(ctx.text.paras):
        lb = by_para.get(n)
        toks = ctx.text.tokens_in(a, b)
        if lb is None:
            previous = _continued(ctx, previous, toks) if dialogue else None
            if previous is not None:
                out.append(previous)
            continue
        if not _speaks(ctx, lb, dialogue):
            previous = None
            continue
        colon = ctx.text.token_at(lb.colon)  # may be glued to a parenthesis: "ASHBY):"
        name = ctx.text.tokens_in(lb.name_start, lb.name_end)
        content = tuple(i for i in toks if doc[i].idx > lb.colon and not doc[i].is_space)
        if colon is None or not len(name) or sum(doc[i].is_alpha for i in content) < 1:
            previous = None
            continue
        cue = CueMatch(colon, colon, colon + 1, ":", "label")
        head = name.stop - 1
        answer = fold(lb.text) in _ANSWERS
        verbatim = answer or (bool(dialogue) and n in turns)
        extent = (name.start, name.stop)
        att = Attribution(cue, head, content, "label", False, extent, "label", verbatim)
        out.append(att)
        previous = att if answer else None  # an answer may go on in the next paragraph
    return out


def _continued(ctx: Context, previous: Attribution | None, toks: range) -> Attribution | None:
    """A paragraph with no label after a turn goes on with it, when it is prose (not a
    stage direction in brackets, not a heading)."""
    doc = ctx.doc
    content = tuple(i for i in toks if not doc[i].is_space)
    if previous is None or not previous.verbatim or not content:
        return None
    if doc[content[0]].text in ("[", "("):  # a stage direction
        return None
    if sum(doc[i].is_alpha for i in content) < 3 or doc[content[-1]].text not in ".!?”\"’'":
        return None
    extent = previous.speaker_extent
    cue, head = previous.cue, previous.speaker
    return Attribution(cue, head, content, "turn", False, extent, "label", True)
