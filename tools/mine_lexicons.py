"""Mine candidate words for the person and organisation lexicons in ``models/``.

Reads the TRAINING splits only (dev sets are for measuring, test sets are never read):

- ``gum/gum_coref_train.jsonl``: the mentions of GUM's coreference chains, with entity types;
- ``polnear_train.jsonl``: the speaker spans of PolNeAR's attributions.

Each document is parsed with the project's pipeline (``quotes.load()`` without its ``quotes``
component, so ranks such as "Lt." stay one token as they do at run time), and every mention or
speaker span is read for:

``roles``        head nouns of singular person mentions without a name ("the secretary",
                 "the 52-year-old electrician"), and two-word heads ("chief executive");
``before-name``  the word right before a person's name inside a mention ("Prosecutor X",
                 "Transport Commissioner X", "Ruiz's lawyer, X");
``honorifics``   capitalised short or dotted forms right before a name ("Mr.", "Dr.", "Mme");
``post-nominals`` capitalised forms right after a name inside the mention ("KC", "Jr.", "PhD");
``particles``    lower-case words inside names ("van", "de", "al-");
``groups``       plural heads of person mentions ("officials") and singular heads of person
                 chains also called "they" ("the couple", "the family");
``orgs``         head nouns of organisation chains and of speakers NER calls ORG;
``clashes``      words of ``titles.txt`` that are also given names (gender-guesser's list) or
                 begin ("first") or end ("last") a PERSON entity in the data ("Dean Baquet",
                 "Steve King"): the rules drop title words from names, so such words need care.

It prints, per section, the candidates that occur at least ``--min`` times, with their counts
by source (G = GUM train, P = PolNeAR train) and the ``models/`` files that already hold them.
The lists in ``models/`` were chosen by hand from this output. Not shipped in the wheel.

    .venv/bin/python tools/mine_lexicons.py [--data ../shared/data] [--min 2] [--section roles]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from spacy.tokens import Doc, Span, Token

ROOT = Path(__file__).resolve().parents[1]
MODELS = ROOT / "models"
SECTIONS = (
    "roles",
    "before-name",
    "honorifics",
    "post-nominals",
    "particles",
    "groups",
    "orgs",
    "clashes",
)
_THEY = {"they", "them", "their", "theirs", "themselves"}
_ROMAN = re.compile(r"^(?:I{1,3}|IV|V|VI{0,3})$")


@dataclass
class Tally:
    """Counts per section: candidate → Counter of sources ("G", "P")."""

    sections: dict[str, dict[str, Counter[str]]] = field(
        default_factory=lambda: {s: {} for s in SECTIONS}
    )
    #: first and last words of PERSON entities of two words or more ("Hunter Biden")
    name_starts: Counter[str] = field(default_factory=Counter)
    name_ends: Counter[str] = field(default_factory=Counter)

    def add(self, section: str, word: str, source: str) -> None:
        word = word.strip()
        if word:
            self.sections[section].setdefault(word, Counter())[source] += 1


# ---- reading the training splits ---------------------------------------------------------
def shared_dir(given: str | None) -> Path:
    """The shared data directory: ``--data``, $QUOTES_SHARED_DATA or ../shared/data."""
    default = ROOT.parent / "shared" / "data"
    path = Path(given or os.environ.get("QUOTES_SHARED_DATA", default))
    if not path.is_dir():
        sys.exit(f"no shared data at {path} (use --data or QUOTES_SHARED_DATA)")
    return path


def read_jsonl(path: Path, limit: int | None) -> list[dict]:
    with path.open(encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh if line.strip()]
    return rows[:limit] if limit else rows


def gum_train(data: Path, limit: int | None) -> list[dict]:
    rows = read_jsonl(data / "gum" / "gum_coref_train.jsonl", limit)
    assert all(r["split"] == "train" for r in rows), "GUM: train split only"
    return rows


def polnear_train(data: Path, limit: int | None) -> list[dict]:
    rows = read_jsonl(data / "polnear_train.jsonl", limit)
    assert all(r["meta"]["compartment"] == "train" for r in rows), "PolNeAR: train only"
    return rows


def parsed(rows: list[dict], tally: Tally) -> Iterator[tuple[dict, Doc]]:
    """Each record with its text parsed by the project's pipeline (without quote finding);
    counts the first words of the PERSON entities on the way."""
    import quotes

    nlp = quotes.load()
    with nlp.select_pipes(disable=["quotes"]):
        docs = nlp.pipe((r["text"] for r in rows), batch_size=8)
        for row, doc in zip(rows, docs, strict=True):
            for e in doc.ents:
                if e.label_ == "PERSON" and len(e) > 1 and e[0].is_title:
                    tally.name_starts[e[0].lower_] += 1
                    tally.name_ends[e[-1].lower_] += e[-1].is_title
            yield row, doc


# ---- reading one mention -----------------------------------------------------------------
def person_name(span: Span) -> Span | None:
    """The name inside a person mention: the PERSON entity holding its root, else the last
    PERSON entity in it, else the run of proper nouns around a proper-noun root."""
    ents = [e for e in span.ents if e.label_ == "PERSON"]
    for e in ents:
        if e.start <= span.root.i < e.end:
            return e
    if ents:
        return ents[-1]
    root = span.root
    if root.pos_ != "PROPN":
        return None
    lo = hi = root.i
    while lo - 1 >= span.start and span.doc[lo - 1].pos_ == "PROPN":
        lo -= 1
    while hi + 1 < span.end and span.doc[hi + 1].pos_ == "PROPN":
        hi += 1
    return span.doc[lo : hi + 1]


def _word(tok: Token) -> str:
    return tok.text.lower().strip(",;:()\"'“”‘’")


@cache
def _first_name_detector() -> Any:  # gender_guesser is untyped
    import gender_guesser.detector as gd

    return gd.Detector(case_sensitive=False)


def is_first_name(word: str) -> bool:
    return _first_name_detector().get_gender(word.capitalize()) != "unknown"


def is_courtesy_form(tok: Token) -> bool:
    """Looks like an honorific or rank: capitalised and dotted ("Mr.", "Fr."), or a short word
    that is neither an acronym nor a given name ("Mme", "Cllr", not "Ted" or "CNN")."""
    text = tok.text
    if not text[:1].isupper() or text.isupper() and len(text) > 1:
        return False
    if text.endswith(".") and text[:-1].isalpha():
        return True
    return text.isalpha() and len(text) <= 4 and not is_first_name(text)


def read_named(span: Span, name: Span, tally: Tally, source: str) -> None:
    """Words before and after the name, and lower-case particles inside it."""
    doc = span.doc
    first = name[0]
    # NER sometimes takes the honorific or rank into the entity ("Dr. Smith")
    if len(name) > 1 and is_courtesy_form(first):
        tally.add("honorifics", first.text, source)
    before = [t for t in doc[span.start : name.start] if not t.is_punct and t.tag_ != "POS"]
    if before:
        last = before[-1]
        if is_courtesy_form(last):
            tally.add("honorifics", last.text, source)
        if last.pos_ in ("NOUN", "PROPN", "ADJ") and last.is_alpha or last.text.endswith("."):
            tally.add("before-name", _word(last), source)
    after = [t for t in doc[name.end : span.end] if t.text not in (",", "'s", "’s")][:2]
    for t in after:
        if t.text[:1].isupper() and (len(t.text.rstrip(".")) <= 5 or _ROMAN.match(t.text)):
            tally.add("post-nominals", t.text, source)
        else:
            break
    for t in name[1:-1]:
        if t.is_lower and t.is_alpha:
            tally.add("particles", t.text, source)
    for t in name:
        m = re.match(r"^([a-z]{1,3})-[A-Z]", t.text)
        if m:
            tally.add("particles", m.group(1) + "-", source)


def read_description(span: Span, tally: Tally, source: str, collective: bool) -> None:
    """The head noun of a person mention without a name ("the agency", "a paediatrician")."""
    head = span.root
    if head.pos_ != "NOUN" or not head.is_lower:
        return
    lemma = head.lemma_.lower()
    if head.tag_ == "NNS":
        tally.add("groups", head.lower_, source)
        return
    if collective:
        tally.add("groups", lemma, source)
    tally.add("roles", lemma, source)
    mod = doc_left(head)
    if mod is not None:
        tally.add("roles", f"{_word(mod)} {lemma}", source)


def doc_left(head: Token) -> Token | None:
    """The lower-case compound or adjective right before a head ("chief" executive)."""
    if head.i == 0:
        return None
    left = head.doc[head.i - 1]
    if left.head.i == head.i and left.dep_ in ("compound", "amod") and left.is_lower:
        return left if left.is_alpha else None
    return None


def read_person(span: Span, tally: Tally, source: str, collective: bool = False) -> None:
    name = person_name(span)
    if name is not None:
        read_named(span, name, tally, source)
    else:
        read_description(span, tally, source, collective)


# ---- the two corpora ---------------------------------------------------------------------
def mine_gum(rows: list[dict], tally: Tally) -> None:
    """Person chains (roles, names, groups) and organisation chains (head nouns)."""
    for row, doc in parsed(rows, tally):
        for entity in row["entities"]:
            spans = [
                s
                for m in entity["mentions"]
                if (s := doc.char_span(m["start"], m["end"], alignment_mode="expand"))
            ]
            if entity["type"] == "person":
                they = any(s.text.lower() in _THEY for s in spans)
                for s in spans:
                    read_person(s, tally, "G", collective=they)
            elif entity["type"] == "organization":
                for s in spans:
                    if s.root.pos_ == "NOUN" and s.root.is_lower:
                        tally.add("orgs", s.root.lemma_.lower(), "G")
            if entity["type"] == "person" and entity.get("name_from") == "identity":
                for w in entity["name"].split()[1:-1]:
                    if w.islower():
                        tally.add("particles", w, "G")


def mine_polnear(rows: list[dict], tally: Tally) -> None:
    """Speaker spans: named speakers' titles and name parts, heads of the rest."""
    for row, doc in parsed(rows, tally):
        seen: set[tuple[int, int]] = set()
        for q in row["quotes"]:
            key = (q.get("speaker_start"), q.get("speaker_end"))
            if None in key or key in seen:
                continue
            seen.add(key)
            span = doc.char_span(key[0], key[1], alignment_mode="expand")
            if span is None or not len(span):
                continue
            if span.root.ent_type_ == "ORG" or span.root.lemma_.lower() in lexicon_words(
                "org_words.txt"
            ):
                if span.root.pos_ == "NOUN" and span.root.is_lower:
                    tally.add("orgs", span.root.lemma_.lower(), "P")
                continue
            read_person(span, tally, "P")


# ---- the lexicons as they are ------------------------------------------------------------
@cache
def lexicon_words(name: str) -> frozenset[str]:
    """First fields of a ``models/`` file, lower-cased (empty when the file is missing)."""
    from quotes.lexicon import entries

    path = MODELS / name
    if not path.exists():
        return frozenset()
    return frozenset(e[0].lower() for e in entries(path.read_text(encoding="utf-8")))


_LEXICONS = (
    "titles.txt",
    "honorifics.txt",
    "post_nominals.txt",
    "name_particles.txt",
    "relation_nouns.txt",
    "group_nouns.txt",
    "org_words.txt",
)


def held_by(word: str) -> str:
    low = word.lower()
    names = [n.removesuffix(".txt") for n in _LEXICONS if low in lexicon_words(n)]
    return ",".join(names) or "-"


def clashes(tally: Tally) -> dict[str, Counter[str]]:
    """Title words that are given names (gender-guesser), or that begin ("first") or end
    ("last": a surname) a PERSON entity of two words or more in the data."""
    titles = {w for w in lexicon_words("titles.txt") if w.isalpha()}
    out: dict[str, Counter[str]] = {}
    for w in sorted(titles):
        verdict = _first_name_detector().get_gender(w.capitalize())
        first, last = tally.name_starts[w], tally.name_ends[w]
        if verdict != "unknown" or first or last:
            out[f"{w} (given name: {verdict})"] = Counter(first=first, last=last)
    return out


# ---- output ------------------------------------------------------------------------------
def report(tally: Tally, sections: Iterable[str], minimum: int) -> None:
    for section in sections:
        rows = tally.sections[section]
        ranked = sorted(rows.items(), key=lambda kv: (-sum(kv[1].values()), kv[0]))
        print(f"\n## {section}")
        for word, by in ranked:
            n = sum(by.values())
            if n < minimum and section != "clashes":
                continue
            src = " ".join(f"{k}{v}" for k, v in sorted(by.items()))
            print(f"{n:6d}  {word:<34} {src:<14} {held_by(word.split(' (')[0])}")


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", help="shared data directory (default ../shared/data)")
    ap.add_argument("--min", type=int, default=2, help="least count printed (default 2)")
    ap.add_argument("--section", action="append", choices=SECTIONS, help="only these sections")
    ap.add_argument("--limit", type=int, help="read only the first N documents of each set")
    args = ap.parse_args(argv)
    data = shared_dir(args.data)
    tally = Tally()
    mine_gum(gum_train(data, args.limit), tally)
    mine_polnear(polnear_train(data, args.limit), tally)
    sections = args.section or list(SECTIONS)
    if "clashes" in sections:
        tally.sections["clashes"] = clashes(tally)
    report(tally, sections, args.min)


if __name__ == "__main__":
    main()
