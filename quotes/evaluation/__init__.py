"""Scoring quote attribution against gold JSONL (what ``quotes evaluate`` reports).

The rules are those of ``EVALUATION.md`` ("Scoring"), in short:

1. every quote becomes one or more *pieces* (gold ``fragments`` / predicted ``parts``);
2. each piece is trimmed of quotation marks, punctuation and whitespace at both ends;
3. gold pieces, in document order, greedily take the unmatched predicted piece with the largest
   ``|gold ∩ pred| / |gold|``, which must be strictly above the threshold T (ties: earliest
   prediction);
4. quotes P/R/F1 count matched pieces; with ``speech_only`` gold pieces without a speech cue take
   part in matching but count for nothing, and the prediction they take is not a false positive;
5. a matched piece's speaker is right when the names denote the same person (gold
   ``speaker_reference``), else when the mention spans overlap, else when neither has a speaker;
6. end-to-end P/R/F1 count only matched pieces whose speaker is right;
7. recall is broken down by the gold ``type``, precision by the predicted ``kind``.

The modules, one idea each: :mod:`.pieces` (records into checked, trimmed pieces; rules 1–2),
:mod:`.documents` (gold and prediction records paired by id), :mod:`.names` (is the speaker
right; rule 5), :mod:`.scoring` (matching and counting; rules 3–4, 6–7), :mod:`.errors` (the
error list), :mod:`.report` (the figures as plain data), :mod:`.render` (tables and the errors
file), :mod:`.jsonl` (reading the files) and :mod:`.runner` (our pipeline on the gold texts).

All of it is plain Python on plain dicts, so any tool's output in the JSONL contract can be
scored; rich is imported only to print tables and spaCy only by :mod:`.runner`, when it runs.
"""

from .documents import check_gold
from .jsonl import read_jsonl
from .names import name_tokens, same_person, speaker_right
from .pieces import EvalInputError, Piece, SpeakerRef, gold_pieces, pred_pieces, trim
from .render import render_table, write_errors
from .report import (
    ERROR_KINDS,
    PRF,
    Counts,
    EvalError,
    EvalReport,
    KindFigures,
    ThresholdReport,
)
from .runner import resolve_model, run_pipeline
from .scoring import DEFAULT_THRESHOLDS, match, score

__all__ = [
    "DEFAULT_THRESHOLDS",
    "ERROR_KINDS",
    "PRF",
    "Counts",
    "EvalError",
    "EvalInputError",
    "EvalReport",
    "KindFigures",
    "Piece",
    "SpeakerRef",
    "ThresholdReport",
    "check_gold",
    "gold_pieces",
    "match",
    "name_tokens",
    "pred_pieces",
    "read_jsonl",
    "render_table",
    "resolve_model",
    "run_pipeline",
    "same_person",
    "score",
    "speaker_right",
    "trim",
    "write_errors",
]
