"""quotes: who said what in English news.

>>> import quotes
>>> for q in quotes.extract('“We are ready,” said Pentagon Press Secretary John Kirby.'):
...     print(q.speaker.name, "|", q.speaker.title, "|", q.cue.text, "|", q.text)
John Kirby | Pentagon Press Secretary | said | “We are ready,”
"""

from .api import extract, extract_many, get_nlp, split_text
from .errors import ExtractionError, InputError, ModelError, QuotesError
from .html import render
from .pipeline import DEFAULT_MODEL, add_to, load
from .types import Cue, EntityRecord, Mention, Part, Quote, Result, Speaker
from .writers import to_records

__version__ = "0.1.0"

__all__ = [
    "DEFAULT_MODEL",
    "Cue",
    "EntityRecord",
    "ExtractionError",
    "InputError",
    "Mention",
    "ModelError",
    "Part",
    "Quote",
    "QuotesError",
    "Result",
    "Speaker",
    "add_to",
    "extract",
    "extract_many",
    "get_nlp",
    "load",
    "render",
    "split_text",
    "to_records",
]
