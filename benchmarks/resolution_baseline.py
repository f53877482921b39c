"""Resolution baseline: what today's speaker resolution says, scored on GUM and GAP.

The entity stage that will cluster every mention does not exist yet; this adapter asks the
existing code (``quotes/speakers.py`` ``Resolver`` over ``quotes/mentions.py`` ``analyse``) what
it can say about each mention of a text, as :class:`SystemMention` lists:

- PERSON entities → the name of their person cluster (and the surnames NER missed that the
  Resolver ties to a person: they are in its clusters too);
- he/she/him/her/his → ``Resolver.resolve`` of the pronoun (no previous speaker); "his" is
  asked as "he";
- "it"/"they" → ``Resolver.resolve``: the organisation or group it finds, else no name;
- noun chunks whose head is a title word (``mentions.is_title_word``) → ``Resolver.resolve``:
  a name only when it ties the chunk to a person ("the spokeswoman" → her name);
- everything else: no mention, so no name.

Mentions are resolved in text order, as the Resolver's gender votes build up as it goes.
GUM speakers are the speakers of our own pipeline's quotes (``quotes.extract_many``), or of
``--predictions FILE``. Run from the repository root::

    python benchmarks/resolution_baseline.py            # GUM dev, GAP development + validation
    python benchmarks/resolution_baseline.py --json     # the figures as one JSON object
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import DATA_DIR, emit_report, log, machine  # noqa: E402
from spacy.language import Language  # noqa: E402
from spacy.tokens import Doc, Token  # noqa: E402

from quotes.evaluation.resolution import (  # noqa: E402
    Resolver,
    SystemMention,
    load_gap,
    load_gum,
    pipeline_quotes,
    score_gap,
    score_gum_mentions,
    score_gum_speakers,
)
from quotes.lexicon import Lexicon  # noqa: E402
from quotes.mentions import Mention, analyse, is_title_word  # noqa: E402
from quotes.speakers import Resolver as SpeakerResolver  # noqa: E402
from quotes.text import TextModel  # noqa: E402

LEX = Lexicon.default()

PERSON_PRONOUNS = ("he", "she", "him", "her", "his")
THING_PRONOUNS = ("it", "they")


def _person_pronoun(tok: Token) -> Mention:
    if tok.lower_ == "his":  # analyse knows he/him/she/her only; "his" is "he" to the Resolver
        return Mention(tok.i, tok.i + 1, tok.i, None, None, None, (), "person", "he", "m")
    return analyse(tok.doc, tok, (tok.i, tok.i + 1), LEX)


def _candidates(doc: Doc, resolver: SpeakerResolver) -> list[tuple[int, str, Any]]:
    """(token, what, thing) for every mention the adapter asks about, in text order."""
    found: list[tuple[int, str, Any]] = []
    in_ents: set[int] = set()
    for ent in doc.ents:
        if ent.label_ == "PERSON":
            found.append((ent.start, "person", ent))
            in_ents.update(range(ent.start, ent.end))
    for i in sorted(set(resolver.at) - in_ents):
        found.append((i, "person", doc[i : i + 1]))
    for tok in doc:
        if tok.lower_ in PERSON_PRONOUNS:
            found.append((tok.i, "pronoun", tok))
        elif tok.lower_ in THING_PRONOUNS:
            found.append((tok.i, "thing", tok))
    for chunk in doc.noun_chunks:
        if is_title_word(chunk.root, LEX):
            found.append((chunk.start, "title", chunk))
    found.sort(key=lambda c: c[0])
    return found


def _name(resolver: SpeakerResolver, what: str, thing: Any) -> str | None:
    if what == "person":
        person = next((resolver.at[t.i] for t in thing if t.i in resolver.at), None)
        return person.name if person is not None else None
    if what == "pronoun":
        return resolver.resolve(_person_pronoun(thing), None).name
    if what == "thing":
        resolved = resolver.resolve(analyse(thing.doc, thing, (thing.i, thing.i + 1), LEX), None)
        # an unresolved "it" comes back as written: that is no name
        return resolved.name if resolved.name and resolved.name.lower() != thing.lower_ else None
    mention = analyse(thing.doc, thing.root, (thing.start, thing.end), LEX)
    resolved = resolver.resolve(mention, None)
    return resolved.person.name if resolved.person is not None else None


def baseline_mentions(doc: Doc) -> list[SystemMention]:
    """The mentions of one parsed Doc with the names today's Resolver gives them."""
    resolver = SpeakerResolver(doc, TextModel(doc), LEX)
    out: list[SystemMention] = []
    for _, what, thing in _candidates(doc, resolver):
        if what in ("pronoun", "thing"):  # a Token
            start, end = thing.idx, thing.idx + len(thing)
        else:  # a Span
            start, end = thing.start_char, thing.end_char
        out.append(SystemMention(start, end, _name(resolver, what, thing)))
    return out


def baseline_resolver(nlp: Language, batch_size: int = 32) -> Resolver:
    """A :data:`Resolver` running ``nlp`` (without the quotes component) and the adapter."""

    def run(texts: list[str]) -> Iterator[list[SystemMention]]:
        with nlp.select_pipes(disable=[n for n in ("quotes",) if n in nlp.pipe_names]):
            for doc in nlp.pipe(texts, batch_size=batch_size):
                yield baseline_mentions(doc)

    return run


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        formatter_class=argparse.ArgumentDefaultsHelpFormatter,
    )
    ap.add_argument("--gum", type=Path, default=DATA_DIR / "gum" / "gum_coref_dev.jsonl")
    ap.add_argument(
        "--gap",
        type=Path,
        action="append",
        help="GAP TSV file(s) (repeatable). Default: gap-development.tsv and gap-validation.tsv.",
    )
    ap.add_argument(
        "--predictions",
        type=Path,
        help="Score the GUM speakers of this JSONL contract file instead of running our pipeline.",
    )
    ap.add_argument("--model", default=None, help="spaCy model (default: quotes.DEFAULT_MODEL).")
    ap.add_argument("--json", action="store_true", help="Print one JSON object, no tables.")
    ap.add_argument("--save", type=Path, help="Also write the JSON report to this file.")
    return ap.parse_args(argv)


def _timed(label: str, fn, *args, **kwargs):
    log(f"{label}…")
    t0 = time.perf_counter()
    result = fn(*args, **kwargs)
    seconds = time.perf_counter() - t0
    log(f"{label}: {seconds:.1f} s")
    return result, seconds


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    import quotes

    nlp = quotes.load(args.model or quotes.DEFAULT_MODEL)
    resolver = baseline_resolver(nlp)
    report: dict[str, Any] = {"machine": machine(), "model": args.model or quotes.DEFAULT_MODEL}
    seconds: dict[str, float] = {}

    docs = load_gum(args.gum)
    mentions, seconds["gum_mentions"] = _timed(
        f"GUM mentions ({args.gum.name})", score_gum_mentions, docs, resolver
    )
    runner = args.predictions or pipeline_quotes(args.model)
    speakers, seconds["gum_speakers"] = _timed(
        f"GUM speakers ({args.gum.name})", score_gum_speakers, docs, runner
    )
    report["gum"] = {
        "file": str(args.gum),
        "mentions": mentions.to_dict(),
        "speakers": speakers.to_dict(),
    }
    gap_reports = {}
    for path in args.gap or [
        DATA_DIR / "gap" / f"gap-{s}.tsv" for s in ("development", "validation")
    ]:
        gap_reports[path.name], seconds[path.name] = _timed(
            f"GAP {path.name}", score_gap, load_gap(path), resolver
        )
    report["gap"] = {name: r.to_dict() for name, r in gap_reports.items()}
    report["seconds"] = seconds
    if emit_report(report, args.save, args.json):
        return 0

    from rich.console import Console

    from quotes.evaluation.resolution_render import render_gap, render_mentions, render_speakers

    console = Console(width=max(100, Console().width))
    render_mentions(mentions, console)
    render_speakers(speakers, console)
    for name, gap in gap_reports.items():
        console.print(f"[bold]{name}[/bold]")
        render_gap(gap, console)
    return 0


if __name__ == "__main__":
    sys.exit(main())
