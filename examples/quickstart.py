"""Quick start: the quotes of the example article, with the Python API.

Run: python examples/quickstart.py [ARTICLE.txt]
"""

from __future__ import annotations

import sys
from pathlib import Path

import quotes


def main(argv: list[str]) -> int:
    path = Path(argv[0]) if argv else Path(__file__).with_name("harbour_bridge.txt")
    text = path.read_text(encoding="utf-8")
    for q in quotes.extract(text):
        who = q.speaker.name if q.speaker else "(no speaker)"
        title = f" ({q.speaker.title})" if q.speaker and q.speaker.title else ""
        cue = q.cue.text if q.cue else "—"
        # content: the words quoted, without the attribution of an interrupted quote
        # (“…,” he said. “…” gives “…,” … “…”); text is the whole span, text[start:end]
        print(f"{who}{title} [{cue}, {q.kind}]: {q.content}")
        assert text[q.start : q.end] == q.text  # offsets are into the caller's text
        for piece in q.pieces:  # the parts of an interrupted quote, or the quote itself
            assert text[piece.start : piece.end] == piece.text
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
