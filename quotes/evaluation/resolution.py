"""Scoring speaker resolution on GUM coreference chains and GAP pronouns.

The rules are those of ``EVALUATION.md`` ("Resolution"), in short:

* a gold mention's *form* is a pronoun (third-person or other) when its whole text is one, else
  a *description* (first word a determiner, or lower-case), else a *name* when it holds a proper
  noun, else *other* (not scored);
* **GUM mentions**: every gold mention of a scored form whose entity is named by its identity or
  a proper-noun head is scored; the system's mention for it is the overlapping one with the same
  start, else the largest overlap (ties: the shortest, then the earliest), and it is right when
  its cluster's name is *same person* as the entity's name or one of its gold name mentions;
* **GUM speakers**: a predicted quote's speaker span is cut to its head, which picks the gold
  mention it overlaps most; the quote counts when that mention's entity has a name (it is
  *resolvable*) and is right when the predicted ``speaker.name`` is the same person;
* **GAP**: the system's cluster for the pronoun chooses A or B (or neither) when it holds a
  mention overlapping A's or B's span; P/R/F1 over the TRUE decisions, overall, masculine and
  feminine, and bias = F1 feminine / F1 masculine.

Everything here is plain Python on plain data: the system side comes in as a :data:`Resolver`
(texts in, :class:`SystemMention` lists out) or as quote records in the JSONL contract, so any
tool can be scored; spaCy is loaded only by :func:`pipeline_quotes`, when it is called.
"""

from __future__ import annotations

import bisect
import json
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Literal

from .jsonl import iter_jsonl
from .names import same_person
from .pieces import EvalInputError
from .report import PRF

__all__ = [
    "DETERMINERS",
    "FORMS",
    "GAP_HEADER",
    "OTHER_PRONOUNS",
    "THIRD_PERSON_PRONOUNS",
    "Accuracy",
    "GapDecision",
    "GapFigures",
    "GapReport",
    "GapRow",
    "GumDoc",
    "GumEntity",
    "GumMention",
    "GumReport",
    "MentionJudgement",
    "MentionReport",
    "PredictedSpeaker",
    "QuoteRunner",
    "ResolutionInputError",
    "Resolver",
    "SpeakerJudgement",
    "SpeakerReport",
    "SystemMention",
    "choose_mention",
    "decide_gap",
    "detect_kind",
    "gap_report",
    "judge_gum_mentions",
    "judge_gum_speakers",
    "load_gap",
    "load_gum",
    "load_predictions",
    "mention_form",
    "mention_report",
    "name_variants",
    "names_match",
    "parse_gap_row",
    "parse_gum_record",
    "pipeline_quotes",
    "predicted_speakers",
    "score_gap",
    "score_gum",
    "score_gum_mentions",
    "score_gum_speakers",
    "speaker_head",
    "speaker_report",
]

# --------------------------------------------------------------------------------------------
# Word lists of the spec
# --------------------------------------------------------------------------------------------


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


DETERMINERS = _words(
    "the a an this that these those my your his her its our their some any each every no "
    "another both all many several such"
)
THIRD_PERSON_PRONOUNS = _words(
    "he she him her his hers himself herself they them their theirs themselves it its itself"
)
OTHER_PRONOUNS = _words(
    "i me my mine myself we us our ours ourselves you your yours yourself yourselves "
    "who whom whose which that"
)
#: The scored forms of a gold mention, in report order; "other" (numbers, dates) is not scored.
FORMS = ("third_person_pronoun", "other_pronoun", "description", "name")
#: Entities whose mentions are scored: named by their Wikification identity or a proper-noun head.
SCORED_NAME_FROM = frozenset({"identity", "proper_noun_head"})
#: Words that end the head of a speaker span ("the head of the agency" → "the head").
HEAD_CUT_WORDS = _words("for of from at to with who whose which that in on and or nor")
_HEAD_CUT_CHARS = ",;("
MASCULINE = frozenset({"he", "him", "his"})
FEMININE = frozenset({"she", "her", "hers"})
#: The header row of a GAP TSV file.
GAP_HEADER: tuple[str, ...] = (
    *("ID", "Text", "Pronoun", "Pronoun-offset", "A", "A-offset", "A-coref"),
    *("B", "B-offset", "B-coref", "URL"),
)

Form = Literal["third_person_pronoun", "other_pronoun", "description", "name", "other"]


class ResolutionInputError(EvalInputError):
    """A GUM, GAP or predictions file that cannot be scored; the message says file:line and why."""


def mention_form(text: str, propn: bool) -> Form:
    """The form of a gold mention (EVALUATION.md "Resolution": pronoun, description, name).

    >>> mention_form("He", False), mention_form("the agency", False), mention_form("Kirby", True)
    ('third_person_pronoun', 'description', 'name')
    """
    low = text.strip().lower()
    if low in THIRD_PERSON_PRONOUNS:
        return "third_person_pronoun"
    if low in OTHER_PRONOUNS:
        return "other_pronoun"
    words = text.split()
    if words and (words[0].lower() in DETERMINERS or words[0][0].islower()):
        return "description"
    return "name" if propn else "other"


# --------------------------------------------------------------------------------------------
# Data
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SystemMention:
    """A mention as the system sees it: character offsets into the text, and the name of the
    cluster it belongs to (None when the system has no name for it)."""

    start: int
    end: int
    name: str | None


#: The system side of mention and GAP scoring: a batch of texts in, the mentions of each text
#: out (same order, same count).
Resolver = Callable[[list[str]], Iterable[list[SystemMention]]]
#: A quote pipeline for GUM speakers: ``{"id", "text"}`` records in, JSONL contract records out.
QuoteRunner = Callable[[list[dict[str, str]]], Iterable[Mapping[str, Any]]]


@dataclass(frozen=True, slots=True)
class GumMention:
    start: int
    end: int
    text: str
    propn: bool

    @property
    def form(self) -> Form:
        return mention_form(self.text, self.propn)


@dataclass(frozen=True, slots=True)
class GumEntity:
    id: int
    type: str
    name: str | None
    name_from: str | None
    mentions: tuple[GumMention, ...]

    @property
    def kind(self) -> str:
        """The entity type as reported: ``person`` or ``other``."""
        return "person" if self.type == "person" else "other"

    @property
    def references(self) -> tuple[str, ...]:
        """What a right answer may name: the entity's name and its gold mentions of form name."""
        names = [self.name] if self.name else []
        names += [m.text for m in self.mentions if m.form == "name"]
        return tuple(dict.fromkeys(names))


@dataclass(frozen=True, slots=True)
class GumDoc:
    id: str
    genre: str
    text: str
    entities: tuple[GumEntity, ...]


@dataclass(frozen=True, slots=True)
class GapRow:
    id: str
    text: str
    pronoun: str
    pronoun_offset: int
    a: str
    a_offset: int
    a_coref: bool
    b: str
    b_offset: int
    b_coref: bool

    @property
    def pronoun_span(self) -> tuple[int, int]:
        return self.pronoun_offset, self.pronoun_offset + len(self.pronoun)

    @property
    def a_span(self) -> tuple[int, int]:
        return self.a_offset, self.a_offset + len(self.a)

    @property
    def b_span(self) -> tuple[int, int]:
        return self.b_offset, self.b_offset + len(self.b)

    @property
    def gender(self) -> str | None:
        low = self.pronoun.lower()
        if low in MASCULINE:
            return "masculine"
        return "feminine" if low in FEMININE else None


@dataclass(frozen=True, slots=True)
class PredictedSpeaker:
    """The speaker of one predicted quote: its span and resolved name (None when null)."""

    start: int
    end: int
    name: str | None


# --------------------------------------------------------------------------------------------
# Loading
# --------------------------------------------------------------------------------------------


def _field(record: Mapping[str, Any], key: str, kind: type | tuple[type, ...], where: str) -> Any:
    value = record.get(key)
    # bool is an int in Python, but never a valid offset
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        expected = (
            kind.__name__
            if isinstance(kind, type)
            else " or ".join("null" if k is type(None) else k.__name__ for k in kind)
        )
        raise ResolutionInputError(f"{where}: {key!r} must be {expected}, not {value!r:.40}")
    return value


def _span(record: Mapping[str, Any], text: str, where: str) -> tuple[int, int]:
    start, end = _field(record, "start", int, where), _field(record, "end", int, where)
    if not 0 <= start < end <= len(text):
        raise ResolutionInputError(f"{where}: span {start}:{end} is outside the text")
    return start, end


def _gum_mention(record: Any, text: str, where: str) -> GumMention:
    if not isinstance(record, dict):
        raise ResolutionInputError(f"{where}: a mention must be an object")
    start, end = _span(record, text, where)
    written = _field(record, "text", str, where)
    if text[start:end] != written:
        raise ResolutionInputError(
            f"{where}: text[{start}:{end}] is {text[start:end]!r:.40}, not {written!r:.40}"
        )
    return GumMention(start, end, written, bool(_field(record, "propn", bool, where)))


def _gum_entity(record: Any, text: str, where: str) -> GumEntity:
    if not isinstance(record, dict):
        raise ResolutionInputError(f"{where}: an entity must be an object")
    mentions = _field(record, "mentions", list, where)
    return GumEntity(
        id=_field(record, "id", int, where),
        type=_field(record, "type", str, where),
        name=_field(record, "name", (str, type(None)), where),
        name_from=_field(record, "name_from", (str, type(None)), where),
        mentions=tuple(
            _gum_mention(m, text, f"{where} mention {k}") for k, m in enumerate(mentions)
        ),
    )


def parse_gum_record(record: Mapping[str, Any], where: str = "record") -> GumDoc:
    """One GUM record (``../shared/data/gum/README.md``, "Fields"), checked."""
    text = _field(record, "text", str, where)
    entities = _field(record, "entities", list, where)
    return GumDoc(
        id=_field(record, "id", str, where),
        genre=_field(record, "genre", str, where),
        text=text,
        entities=tuple(
            _gum_entity(e, text, f"{where}: entity {k}") for k, e in enumerate(entities)
        ),
    )


def load_gum(path: Path | str) -> list[GumDoc]:
    """The documents of a GUM coreference JSONL file; :class:`ResolutionInputError` names the
    line of the first malformed record."""
    path = Path(path)
    docs = [
        parse_gum_record(record, where)
        for where, record in iter_jsonl(path, "GUM file", ResolutionInputError)
    ]
    seen: set[str] = set()
    for doc in docs:
        if doc.id in seen:
            raise ResolutionInputError(f"{path}: id {doc.id!r} occurs twice")
        seen.add(doc.id)
    return docs


def _gap_bool(value: str, column: str, where: str) -> bool:
    if value not in ("TRUE", "FALSE"):
        raise ResolutionInputError(f"{where}: {column} must be TRUE or FALSE, not {value!r:.20}")
    return value == "TRUE"


def _gap_offset(row: Sequence[str], name_col: int, where: str) -> int:
    text, name, raw = row[1], row[name_col], row[name_col + 1]
    column = GAP_HEADER[name_col + 1]
    try:
        offset = int(raw)
    except ValueError:
        raise ResolutionInputError(f"{where}: {column} is not a number: {raw!r:.20}") from None
    if text[offset : offset + len(name)] != name or offset < 0:
        raise ResolutionInputError(f"{where}: {column} {offset} does not point at {name!r:.40}")
    return offset


def parse_gap_row(row: Sequence[str], where: str = "row") -> GapRow:
    """One GAP row (the eleven columns of :data:`GAP_HEADER`), checked."""
    if len(row) != len(GAP_HEADER):
        raise ResolutionInputError(f"{where}: {len(row)} columns, expected {len(GAP_HEADER)}")
    return GapRow(
        id=row[0],
        text=row[1],
        pronoun=row[2],
        pronoun_offset=_gap_offset(row, 2, where),
        a=row[4],
        a_offset=_gap_offset(row, 4, where),
        a_coref=_gap_bool(row[6], "A-coref", where),
        b=row[7],
        b_offset=_gap_offset(row, 7, where),
        b_coref=_gap_bool(row[9], "B-coref", where),
    )


def load_gap(path: Path | str) -> list[GapRow]:
    """The rows of a GAP TSV file (header checked; the URL column is never read)."""
    path = Path(path)
    try:
        lines = path.read_text(encoding="utf-8-sig").splitlines()
    except UnicodeDecodeError as exc:
        raise ResolutionInputError(f"{path}: not UTF-8 text ({exc.reason})") from None
    except OSError as exc:
        raise ResolutionInputError(f"cannot read GAP file {path}: {exc.strerror or exc}") from None
    if not lines or tuple(lines[0].split("\t")) != GAP_HEADER:
        raise ResolutionInputError(f"{path}:1: not a GAP file (expected the header {GAP_HEADER})")
    # GAP quotes nothing: a '"' in a text is a character, so no csv module here
    return [
        parse_gap_row(line.split("\t"), f"{path}:{number}")
        for number, line in enumerate(lines[1:], 2)
        if line.strip()
    ]


def predicted_speakers(record: Mapping[str, Any], where: str = "record") -> list[PredictedSpeaker]:
    """The speakers of a JSONL contract record's quotes that have a speaker span."""
    quotes = _field(record, "quotes", list, where)
    speakers: list[PredictedSpeaker] = []
    for k, quote in enumerate(quotes):
        at = f"{where}: quote {k}"
        if not isinstance(quote, dict):
            raise ResolutionInputError(f"{at}: a quote must be an object")
        speaker = quote.get("speaker")
        if speaker is None:
            continue
        if not isinstance(speaker, dict):
            raise ResolutionInputError(f"{at}: 'speaker' must be an object or null")
        start = _field(speaker, "start", int, at)
        end = _field(speaker, "end", int, at)
        name = _field(speaker, "name", (str, type(None)), at) if "name" in speaker else None
        speakers.append(PredictedSpeaker(start, end, name))
    return speakers


def load_predictions(path: Path | str) -> list[dict[str, Any]]:
    """The records of a predictions file in the JSONL contract, each checked (file:line)."""
    path = Path(path)
    records = []
    for where, record in iter_jsonl(path, "predictions file", ResolutionInputError):
        _field(record, "id", str, where)
        predicted_speakers(record, where)
        records.append(record)
    return records


def detect_kind(path: Path | str) -> Literal["gum", "gap"] | None:
    """``"gum"`` for a JSONL file whose first record carries ``entities`` and no ``quotes``
    (a quote gold set with entities is scored as quotes), ``"gap"`` for a file that starts
    with the GAP header, else None (also when the file cannot be read)."""
    try:
        with Path(path).open(encoding="utf-8-sig") as handle:
            first = next((line for line in handle if line.strip()), "")
    except (OSError, UnicodeDecodeError):
        return None
    if tuple(first.rstrip("\r\n").split("\t")) == GAP_HEADER:
        return "gap"
    try:
        record = json.loads(first)
    except (ValueError, RecursionError):  # not JSON, a huge number, nested too deeply
        return None
    if isinstance(record, dict) and isinstance(record.get("entities"), list):
        return None if "quotes" in record else "gum"
    return None


# --------------------------------------------------------------------------------------------
# Matching rules
# --------------------------------------------------------------------------------------------


class _Spans:
    """Spans sorted by start, for finding those that overlap a range."""

    def __init__(self, spans: Sequence[tuple[int, int]]) -> None:
        self.order = sorted(range(len(spans)), key=lambda k: spans[k][0])
        self.starts = [spans[k][0] for k in self.order]
        self.spans = spans
        self.longest = max((e - s for s, e in spans), default=0)

    def overlapping(self, start: int, end: int) -> Iterator[int]:
        """Indices (into the original sequence) of the spans sharing a character with
        ``start:end``."""
        hi = bisect.bisect_left(self.starts, end)
        lo = bisect.bisect_left(self.starts, start - self.longest)
        for pos in range(lo, hi):
            k = self.order[pos]
            if self.spans[k][1] > start:
                yield k


def _choose(index: _Spans, start: int, end: int, same_start_first: bool) -> int | None:
    """The span chosen for ``start:end`` among those overlapping it: the same start first (if
    asked), then the largest character overlap, then the shortest, then the earliest."""
    best: tuple[bool, int, int, int, int] | None = None
    chosen = None
    for k in index.overlapping(start, end):
        s, e = index.spans[k]
        overlap = min(e, end) - max(s, start)
        key = (same_start_first and s == start, overlap, s - e, -s, -k)
        if best is None or key > best:
            best, chosen = key, k
    return chosen


def choose_mention(mentions: Sequence[SystemMention], start: int, end: int) -> SystemMention | None:
    """The system's answer for a gold mention ``start:end`` (rule "GUM mentions")."""
    k = _choose(_Spans([(m.start, m.end) for m in mentions]), start, end, True)
    return None if k is None else mentions[k]


_PARENTHETICAL = re.compile(r"\s*\([^()]*\)")


def name_variants(name: str) -> list[str]:
    """A name as written, without parentheticals, and cut at its first comma.

    >>> name_variants("John Baird (Canadian politician)")
    ['John Baird (Canadian politician)', 'John Baird']
    >>> name_variants("Mark Tedeschi, QC")
    ['Mark Tedeschi, QC', 'Mark Tedeschi']
    """
    bare = _PARENTHETICAL.sub("", name).strip()
    found = [name, bare, name.split(",")[0].strip(), bare.split(",")[0].strip()]
    return [v for v in dict.fromkeys(found) if v]


def names_match(references: Iterable[str], predicted: str | None) -> bool:
    """*Same person* between a predicted name and any reference, each side also tried in its
    :func:`name_variants` (the spec's example "Mark Tedeschi, QC" is a gold mention, its
    "(Canadian politician)" a gold name; a system may write either too)."""
    if not predicted:
        return False
    mine = name_variants(predicted)
    return any(
        same_person(ref, pred)
        for reference in references
        for ref in name_variants(reference)
        for pred in mine
    )


def speaker_head(text: str, start: int, end: int) -> tuple[int, int]:
    """The head of a speaker span: the text before its first comma, semicolon, parenthesis, or
    word of :data:`HEAD_CUT_WORDS` ("the head of the agency" → "the head"); the whole span when
    there is none, or when the span starts with one (nothing would be left)."""
    span = text[start:end]
    cut = len(span)
    for char in _HEAD_CUT_CHARS:
        at = span.find(char)
        if at >= 0:
            cut = min(cut, at)
    for word in re.finditer(r"\S+", span[:cut]):
        if word.group().lower() in HEAD_CUT_WORDS:
            cut = word.start()
            break
    head = span[:cut].rstrip()
    if not head.strip():
        return start, end
    return start, start + len(head)


# --------------------------------------------------------------------------------------------
# Reports
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Accuracy:
    right: int
    scored: int

    @property
    def accuracy(self) -> float | None:
        return self.right / self.scored if self.scored else None

    def to_dict(self) -> dict[str, Any]:
        return {"right": self.right, "scored": self.scored, "accuracy": self.accuracy}


class _Tally:
    """right/scored counts under string keys."""

    def __init__(self) -> None:
        self.counts: dict[str, list[int]] = {}

    def add(self, key: str, right: bool) -> None:
        cell = self.counts.setdefault(key, [0, 0])
        cell[0] += right
        cell[1] += 1

    def figures(self, order: Sequence[str] = ()) -> dict[str, Accuracy]:
        keys = [k for k in order if k in self.counts] + sorted(set(self.counts) - set(order))
        return {k: Accuracy(*self.counts[k]) for k in keys}


@dataclass(frozen=True, slots=True)
class MentionJudgement:
    """One scored gold mention and the system's answer for it."""

    doc_id: str
    genre: str
    start: int
    end: int
    text: str
    form: str
    entity_type: str
    entity_name: str | None
    system: SystemMention | None
    right: bool


@dataclass(frozen=True, slots=True)
class MentionReport:
    """GUM mention accuracy: overall, by form, by entity type (person/other), by genre, and by
    form for the mentions of person chains only (``by_form_person``: what speakers are)."""

    documents: int
    overall: Accuracy
    by_form: dict[str, Accuracy]
    by_type: dict[str, Accuracy]
    by_genre: dict[str, Accuracy]
    by_form_person: dict[str, Accuracy] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "documents": self.documents,
            "overall": self.overall.to_dict(),
            **{
                key: {k: v.to_dict() for k, v in getattr(self, key).items()}
                for key in ("by_form", "by_type", "by_genre", "by_form_person")
            },
        }


@dataclass(frozen=True, slots=True)
class SpeakerJudgement:
    """One predicted quote's speaker against the gold chains."""

    doc_id: str
    genre: str
    speaker: PredictedSpeaker
    head: tuple[int, int]
    gold: GumMention | None
    entity_name: str | None
    resolvable: bool
    right: bool


@dataclass(frozen=True, slots=True)
class SpeakerReport:
    """GUM speakers of predicted quotes: ``accuracy`` = right / resolvable, with the counts (a
    system must not gain by dropping speakers, so ``resolvable`` is always shown)."""

    documents: int
    with_speaker: int  # predicted quotes with a speaker span
    on_gold_mention: int  # … whose head overlaps a gold mention
    resolvable: int  # … whose entity has a name
    right: int
    by_genre: dict[str, Accuracy] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()

    @property
    def accuracy(self) -> float | None:
        return self.right / self.resolvable if self.resolvable else None

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["by_genre"] = {k: v.to_dict() for k, v in self.by_genre.items()}
        out["warnings"] = list(self.warnings)
        out["accuracy"] = self.accuracy
        return out


@dataclass(frozen=True, slots=True)
class GumReport:
    """Both GUM scores of one run; either is None when it was not asked for."""

    mentions: MentionReport | None
    speakers: SpeakerReport | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": "gum",
            "mentions": self.mentions.to_dict() if self.mentions else None,
            "speakers": self.speakers.to_dict() if self.speakers else None,
        }


@dataclass(frozen=True, slots=True)
class GapDecision:
    """The system's decision on one GAP row: ``choice`` is "A", "B" or None (neither)."""

    row_id: str
    gender: str | None
    choice: Literal["A", "B"] | None
    a_coref: bool
    b_coref: bool
    pronoun_name: str | None  # the name of the pronoun's cluster, if any


@dataclass(frozen=True, slots=True)
class GapFigures:
    """P/R/F1 of the TRUE decisions: ``tp`` right TRUEs, ``predicted`` system TRUEs, ``gold``
    gold TRUEs."""

    tp: int
    predicted: int
    gold: int

    @property
    def prf(self) -> PRF:
        return PRF.of(self.tp, self.predicted, self.gold)

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), **asdict(self.prf)}


@dataclass(frozen=True, slots=True)
class GapReport:
    rows: int
    overall: GapFigures
    masculine: GapFigures
    feminine: GapFigures

    @property
    def bias(self) -> float | None:
        """F1 feminine / F1 masculine (1.0 is no bias); None where undefined."""
        f, m = self.feminine.prf.f1, self.masculine.prf.f1
        return f / m if f is not None and m else None

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": "gap",
            "rows": self.rows,
            "overall": self.overall.to_dict(),
            "masculine": self.masculine.to_dict(),
            "feminine": self.feminine.to_dict(),
            "bias": self.bias,
        }


# --------------------------------------------------------------------------------------------
# GUM mentions
# --------------------------------------------------------------------------------------------


def _run_resolver(
    resolver: Resolver, texts: list[str], batch_size: int
) -> list[list[SystemMention]]:
    out: list[list[SystemMention]] = []
    for lo in range(0, len(texts), batch_size):
        batch = texts[lo : lo + batch_size]
        got = [list(mentions) for mentions in resolver(batch)]
        if len(got) != len(batch):
            raise ValueError(f"the resolver gave {len(got)} mention lists for {len(batch)} texts")
        out.extend(got)
    return out


def judge_gum_mentions(doc: GumDoc, system: Sequence[SystemMention]) -> list[MentionJudgement]:
    """Every scored gold mention of ``doc`` with the system's answer, in text order."""
    index = _Spans([(m.start, m.end) for m in system])
    judged: list[MentionJudgement] = []
    for entity in doc.entities:
        if entity.name_from not in SCORED_NAME_FROM:
            continue
        references = entity.references
        for mention in entity.mentions:
            form = mention.form
            if form == "other":
                continue
            k = _choose(index, mention.start, mention.end, True)
            answer = None if k is None else system[k]
            right = answer is not None and names_match(references, answer.name)
            judged.append(
                MentionJudgement(
                    doc.id,
                    doc.genre,
                    mention.start,
                    mention.end,
                    mention.text,
                    form,
                    entity.kind,
                    entity.name,
                    answer,
                    right,
                )
            )
    judged.sort(key=lambda j: (j.start, j.end))
    return judged


def mention_report(judgements: Iterable[MentionJudgement], documents: int) -> MentionReport:
    """Accuracy of mention judgements: overall, by form, by entity type and by genre."""
    overall, forms, types, genres, people = _Tally(), _Tally(), _Tally(), _Tally(), _Tally()
    for j in judgements:
        overall.add("all", j.right)
        forms.add(j.form, j.right)
        if j.entity_type == "person":
            people.add(j.form, j.right)
        types.add(j.entity_type, j.right)
        genres.add(j.genre, j.right)
    return MentionReport(
        documents=documents,
        overall=overall.figures().get("all", Accuracy(0, 0)),
        by_form=forms.figures(FORMS),
        by_type=types.figures(("person", "other")),
        by_genre=genres.figures(),
        by_form_person=people.figures(FORMS),
    )


def score_gum_mentions(
    docs: Sequence[GumDoc], resolver: Resolver, *, batch_size: int = 16
) -> MentionReport:
    """Run ``resolver`` on the documents' texts and score every scored gold mention."""
    system = _run_resolver(resolver, [d.text for d in docs], batch_size)
    judged = [
        j
        for doc, mentions in zip(docs, system, strict=True)
        for j in judge_gum_mentions(doc, mentions)
    ]
    return mention_report(judged, len(docs))


# --------------------------------------------------------------------------------------------
# GUM speakers
# --------------------------------------------------------------------------------------------


def judge_gum_speakers(doc: GumDoc, speakers: Sequence[PredictedSpeaker]) -> list[SpeakerJudgement]:
    """Each predicted speaker of ``doc`` against the gold mention its head overlaps most."""
    gold = [(m, e) for e in doc.entities for m in e.mentions]
    index = _Spans([(m.start, m.end) for m, _ in gold])
    judged: list[SpeakerJudgement] = []
    for speaker in speakers:
        head = speaker_head(doc.text, speaker.start, speaker.end)
        k = _choose(index, head[0], head[1], False)
        mention, entity = gold[k] if k is not None else (None, None)
        name = entity.name if entity is not None else None
        right = (
            entity is not None and name is not None and names_match(entity.references, speaker.name)
        )
        judged.append(
            SpeakerJudgement(
                doc.id, doc.genre, speaker, head, mention, name, name is not None, right
            )
        )
    return judged


def speaker_report(
    judgements: Iterable[SpeakerJudgement], documents: int, warnings: Sequence[str] = ()
) -> SpeakerReport:
    """Counts and accuracy of speaker judgements (by genre over the resolvable ones)."""
    total = on_gold = resolvable = right = 0
    genres = _Tally()
    for j in judgements:
        total += 1
        on_gold += j.gold is not None
        if j.resolvable:
            resolvable += 1
            right += j.right
            genres.add(j.genre, j.right)
    return SpeakerReport(
        documents, total, on_gold, resolvable, right, genres.figures(), tuple(warnings)
    )


def _prediction_records(
    docs: Sequence[GumDoc], predictions: Path | str | Iterable[Mapping[str, Any]] | QuoteRunner
) -> Iterable[Mapping[str, Any]]:
    if isinstance(predictions, (str, Path)):
        return load_predictions(predictions)
    if callable(predictions):
        return predictions([{"id": d.id, "text": d.text} for d in docs])
    return predictions


def _index_speakers(
    records: Iterable[Mapping[str, Any]], warnings: list[str]
) -> dict[str, list[PredictedSpeaker]]:
    by_id: dict[str, list[PredictedSpeaker]] = {}
    for k, record in enumerate(records):
        where = f"prediction {k}"
        doc_id = _field(record, "id", str, where)
        if doc_id in by_id:
            warnings.append(f"{where}: id {doc_id!r} occurs twice; the first record is scored")
            continue
        by_id[doc_id] = predicted_speakers(record, f"{where} ({doc_id})")
    return by_id


def score_gum_speakers(
    docs: Sequence[GumDoc],
    predictions: Path | str | Iterable[Mapping[str, Any]] | QuoteRunner,
) -> SpeakerReport:
    """Score the speakers of predicted quotes on the GUM documents. ``predictions``: a JSONL
    contract file, its records, or a :data:`QuoteRunner` to run on the texts (e.g.
    :func:`pipeline_quotes`)."""
    warnings: list[str] = []
    by_id = _index_speakers(_prediction_records(docs, predictions), warnings)
    missing = [d.id for d in docs if d.id not in by_id]
    if missing:
        warnings.append(f"{len(missing)} documents have no prediction record: {missing[:5]}")
    extra = sorted(set(by_id) - {d.id for d in docs})
    if extra:
        warnings.append(f"{len(extra)} prediction records have no GUM document: {extra[:5]}")
    judged = [j for d in docs for j in judge_gum_speakers(d, by_id.get(d.id, []))]
    return speaker_report(judged, len(docs), warnings)


def score_gum(
    docs: Sequence[GumDoc],
    *,
    resolver: Resolver | None = None,
    predictions: Path | str | Iterable[Mapping[str, Any]] | QuoteRunner | None = None,
    batch_size: int = 16,
) -> GumReport:
    """Mentions (with a resolver) and speakers (with predictions) of GUM documents."""
    mentions = (
        None if resolver is None else score_gum_mentions(docs, resolver, batch_size=batch_size)
    )
    speakers = None if predictions is None else score_gum_speakers(docs, predictions)
    return GumReport(mentions, speakers)


def pipeline_quotes(model: str | None = None, *, batch_size: int = 32) -> QuoteRunner:
    """A :data:`QuoteRunner` for our own pipeline (spaCy loads on the first call)."""

    def run(items: list[dict[str, str]]) -> Iterator[dict[str, Any]]:
        import quotes

        kwargs: dict[str, Any] = {"batch_size": batch_size}
        if model is not None:
            kwargs["model"] = model
        for result in quotes.extract_many(items, **kwargs):
            yield result.to_dict()

    return run


# --------------------------------------------------------------------------------------------
# GAP
# --------------------------------------------------------------------------------------------


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return min(a[1], b[1]) > max(a[0], b[0])


def _distance(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(a[0] - b[1], b[0] - a[1], 0)


def decide_gap(row: GapRow, mentions: Sequence[SystemMention]) -> GapDecision:
    """A, B or neither: the candidate a mention of the pronoun's cluster overlaps. When the
    cluster holds both (the system merged them), the one nearer the pronoun, A on a tie."""
    pronoun = choose_mention(mentions, *row.pronoun_span)
    name = pronoun.name if pronoun is not None else None
    choice: Literal["A", "B"] | None = None
    if name is not None:
        cluster = [(m.start, m.end) for m in mentions if m.name == name]
        candidates: tuple[tuple[Literal["A", "B"], tuple[int, int]], ...] = (
            ("A", row.a_span),
            ("B", row.b_span),
        )
        hits = [
            (_distance(span, row.pronoun_span), label)
            for label, span in candidates
            if any(_overlaps(span, m) for m in cluster)
        ]
        choice = min(hits)[1] if hits else None
    return GapDecision(row.id, row.gender, choice, row.a_coref, row.b_coref, name)


def gap_report(decisions: Iterable[GapDecision]) -> GapReport:
    """P/R/F1 of the TRUE decisions over all A and B pairs, overall and by pronoun gender."""
    cells = {key: [0, 0, 0] for key in ("overall", "masculine", "feminine")}
    rows = 0
    for d in decisions:
        rows += 1
        for label, gold in (("A", d.a_coref), ("B", d.b_coref)):
            said = d.choice == label
            for key in ("overall", d.gender):
                if key in cells:
                    cell = cells[key]
                    cell[0] += said and gold
                    cell[1] += said
                    cell[2] += gold
    return GapReport(rows, *(GapFigures(*cells[k]) for k in ("overall", "masculine", "feminine")))


def score_gap(rows: Sequence[GapRow], resolver: Resolver, *, batch_size: int = 64) -> GapReport:
    """Run ``resolver`` on the snippets (snippet context: no URL) and score its decisions."""
    system = _run_resolver(resolver, [r.text for r in rows], batch_size)
    return gap_report(decide_gap(row, mentions) for row, mentions in zip(rows, system, strict=True))
