"""The input layer: command-line inputs in, a lazy stream of documents out.

``read_inputs`` turns paths (files, directories, ``-`` for standard input) into
:class:`Document` objects, one at a time, and reports every problem it meets as a
:class:`Problem` through a callback instead of stopping: a run over a million articles must not
die on one bad file or one bad JSONL line.

Text is never normalised: a document's ``text`` is exactly the decoded input (newlines and all),
so that character offsets computed on it refer to the input. For HTML pages ``text`` is the
article text extracted from the page (``html=True``).

One concern a module:

- ``documents``: :class:`Document`, :class:`Problem`, the options every reader shares;
- ``bounded``: reading within a size limit (no line or document held beyond it);
- ``decode``: bytes to text (BOM, UTF-8, UTF-16/32, binary detection, an HTML page's charset);
- ``html``: telling an HTML page from text, its article text (trafilatura, imported lazily,
  and a standard-library fallback);
- ``jsonl``: JSONL corpora, line by line;
- ``streams``: one open input read as its kind (sniffing JSONL and HTML by content);
- ``files``: file kinds by extension and the directory walk;
- ``stdin``: standard input;
- ``inputs``: :func:`read_inputs`, which dispatches each command-line input to the above.
"""

from .bounded import fmt_size, parse_size
from .decode import decode_bytes, is_binary
from .documents import DEFAULT_MAX_BYTES, Document, Problem
from .documents import Report as Report
from .files import DEFAULT_EXTENSIONS
from .files import HTML_EXTENSIONS as HTML_EXTENSIONS
from .files import JSONL_EXTENSIONS as JSONL_EXTENSIONS
from .files import TEXT_EXTENSIONS as TEXT_EXTENSIONS
from .html import html_to_text, looks_like_html
from .inputs import InputFormat, count_documents, read_inputs
from .jsonl import id_text, iter_jsonl

__all__ = [
    "DEFAULT_EXTENSIONS",
    "DEFAULT_MAX_BYTES",
    "Document",
    "InputFormat",
    "Problem",
    "count_documents",
    "decode_bytes",
    "fmt_size",
    "html_to_text",
    "id_text",
    "is_binary",
    "iter_jsonl",
    "looks_like_html",
    "parse_size",
    "read_inputs",
]
