"""The input layer on real files: every test writes its inputs under tmp_path."""

from __future__ import annotations

import codecs
import dataclasses
import errno
import io
import json
import os
import socket
import subprocess
import sys
import tracemalloc
from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from quotes.errors import InputError, ModelError, QuotesError
from quotes.readers import (
    Document,
    Problem,
    decode_bytes,
    html_to_text,
    is_binary,
    iter_jsonl,
    looks_like_html,
    read_inputs,
)

NEWS_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Pentagon says strikes sent a message | Daily Planet</title>
  <link rel="stylesheet" href="http://example.com/style.css">
  <link rel="canonical" href="http://example.com/news/strikes">
  <script>window.tracker = {id: "UA-123"}; console.log("tracking pixel loaded");</script>
  <style>body { font-family: serif; }</style>
</head>
<body>
  <nav class="menu"><ul>
    <li><a href="/">Home</a></li>
    <li><a href="/world">World News Section</a></li>
    <li><a href="/sport">Sport</a></li>
  </ul></nav>
  <main>
    <article>
      <h1>Pentagon says strikes sent a clear message</h1>
      <img src="http://example.com/x.png" alt="Smoke rises">
      <p>The United States carried out airstrikes in eastern Syria on Thursday against
      facilities used by Iranian-backed militias, the Pentagon said.</p>
      <p>“The United States took necessary, appropriate and proportionate action to send an
      unambiguous deterrent message,” said Pentagon Press Secretary John Kirby.</p>
      <p>Officials said the strikes destroyed several buildings at a border control point used
      by the groups, which have been blamed for rocket attacks on American personnel.</p>
      <p>Iran's Foreign Ministry spokesman Saeed Khatibzadeh condemned the attack, saying it was
      illegal and a violation of Syria's sovereignty.</p>
    </article>
  </main>
  <footer><p>© 2021 Daily Planet. Subscribe to our newsletter.</p></footer>
  <script src="http://example.com/analytics.js"></script>
</body>
</html>
"""

KIRBY = "“The United States took necessary, appropriate and proportionate action"


def read(inputs, **kwargs):
    """All documents and problems of a run."""
    problems: list[Problem] = []
    docs = list(read_inputs(inputs, report=problems.append, **kwargs))
    return docs, problems


def write(path: Path, data: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        path.write_bytes(data.encode("utf-8"))
    else:
        path.write_bytes(data)
    return path


@pytest.fixture
def here(tmp_path, monkeypatch):
    """Run inside tmp_path, so that inputs are given as relative paths like a user would."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


# ---------------------------------------------------------------------------- types, errors


def test_types_are_frozen_slotted_dataclasses():
    doc = Document("a", "text", "a.txt")
    assert (doc.line, doc.html) == (None, False)
    with pytest.raises(dataclasses.FrozenInstanceError):
        doc.text = "other"  # type: ignore[misc]
    assert not hasattr(doc, "__dict__")
    problem = Problem("a.txt", None, "boom", skipped=True)
    with pytest.raises(dataclasses.FrozenInstanceError):
        problem.reason = "other"  # type: ignore[misc]
    assert not hasattr(problem, "__dict__")


def test_problem_str_is_one_line():
    reason = "invalid JSON (Expecting ',' delimiter at column 12)"
    assert str(Problem("corpus.jsonl", 17, reason, skipped=True)) == (
        "corpus.jsonl:17: skipped: invalid JSON (Expecting ',' delimiter at column 12)"
    )
    assert str(Problem("a.txt", None, "invalid UTF-8", skipped=False)) == (
        "a.txt: warning: invalid UTF-8"
    )


def test_errors_hierarchy():
    assert issubclass(InputError, QuotesError)
    assert issubclass(ModelError, QuotesError)
    assert issubclass(QuotesError, Exception)
    assert str(InputError("no inputs found")) == "no inputs found"


def test_unknown_input_format_raises_at_call_time():
    with pytest.raises(InputError, match="unknown input format 'xml'"):
        read_inputs(["a.txt"], input_format="xml", report=print)  # type: ignore[arg-type]


# ---------------------------------------------------------------------------- plain files


def test_plain_file(here):
    text = "Kirby said: “We act.”\nSecond paragraph.\n"
    write(here / "article.txt", text)
    docs, problems = read(["article.txt"])
    assert docs == [Document("article.txt", text, "article.txt")]
    assert problems == []


def test_path_objects_and_a_single_path_are_accepted(here):
    write(here / "a.txt", "A")
    docs, _ = read([Path("a.txt")])
    assert [d.id for d in docs] == ["a.txt"]
    docs, _ = read("a.txt")
    assert [d.text for d in docs] == ["A"]


def test_explicit_file_with_odd_extension_is_read_as_text(here):
    write(here / "notes.data", "He said “yes”.")
    write(here / "README", "No extension.")
    docs, problems = read(["notes.data", "README"])
    assert [(d.id, d.text, d.html) for d in docs] == [
        ("notes.data", "He said “yes”.", False),
        ("README", "No extension.", False),
    ]
    assert problems == []


def test_crlf_and_lone_cr_are_kept_verbatim(here):
    text = "First line.\r\nSecond line.\r\n\r\nThird\rline.\n"
    write(here / "win.txt", text)
    [doc], _ = read(["win.txt"])
    assert doc.text == text
    assert doc.text.index("Second") == len("First line.\r\n")


@pytest.mark.parametrize("content", ["", "   \n\t\r\n  "])
def test_empty_and_whitespace_only_files_are_documents(here, content):
    write(here / "empty.txt", content)
    docs, problems = read(["empty.txt"])
    assert docs == [Document("empty.txt", content, "empty.txt")]
    assert problems == []


def test_text_with_stray_tags_stays_plain(here):
    text = (
        "Officials said American military” target=”_blank”>forces< were attacked.\n"
        "<b>Nothing</b> here is a page: <p>not even this</p>.\n"
    )
    write(here / "scraped.txt", text)
    [doc], problems = read(["scraped.txt"])
    assert doc.text == text
    assert doc.html is False
    assert problems == []


# ---------------------------------------------------------------------------- decoding


def test_bad_utf8_is_replaced_with_a_warning_and_the_document_kept(here):
    write(here / "bad.txt", b"caf\xe9 said \xff\xfe \xe2\x80\x9cok\xe2\x80\x9d")
    docs, problems = read(["bad.txt"])
    assert [d.text for d in docs] == ["caf\ufffd said \ufffd\ufffd “ok”"]
    assert len(problems) == 1
    [problem] = problems
    assert (problem.source, problem.line, problem.skipped) == ("bad.txt", None, False)
    assert "UTF-8" in problem.reason and "U+FFFD" in problem.reason
    assert "byte 3" in problem.reason


def test_utf8_bom_is_dropped(here):
    write(here / "bom.txt", codecs.BOM_UTF8 + "“Yes,” she said.".encode())
    [doc], problems = read(["bom.txt"])
    assert doc.text == "“Yes,” she said."
    assert problems == []


@pytest.mark.parametrize(
    ("bom", "encoding"),
    [
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
        (codecs.BOM_UTF32_LE, "utf-32-le"),
        (codecs.BOM_UTF32_BE, "utf-32-be"),
    ],
)
def test_utf16_and_utf32_with_bom_are_decoded(here, bom, encoding):
    text = "“Necessary,” said Kirby.\r\nNext paragraph 😀.\n"
    write(here / "wide.txt", bom + text.encode(encoding))
    [doc], problems = read(["wide.txt"])
    assert doc.text == text
    assert problems == []


def test_binary_file_is_skipped_with_a_problem(here):
    write(here / "image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    write(here / "ok.txt", "fine")
    docs, problems = read(["image.txt", "ok.txt"])
    assert [d.id for d in docs] == ["ok.txt"]
    assert len(problems) == 1
    assert problems[0].source == "image.txt"
    assert problems[0].skipped is True
    assert "binary" in problems[0].reason


def test_decode_bytes():
    assert decode_bytes(b"plain\r\n") == ("plain\r\n", False)
    assert decode_bytes(codecs.BOM_UTF8 + b"x") == ("x", False)
    assert decode_bytes(codecs.BOM_UTF16_LE + "é\n".encode("utf-16-le")) == ("é\n", False)
    assert decode_bytes(codecs.BOM_UTF16_BE + "é\n".encode("utf-16-be")) == ("é\n", False)
    assert decode_bytes(b"a\x80b") == ("a\ufffdb", True)
    assert decode_bytes(b"") == ("", False)
    # A UTF-16LE BOM followed by U+0000 looks like a UTF-32LE BOM: still decoded.
    assert decode_bytes(codecs.BOM_UTF16_LE + "\x00a".encode("utf-16-le")) == ("\x00a", False)


def test_is_binary():
    assert is_binary(b"abc\x00def")
    assert not is_binary(b"plain text\n")
    assert not is_binary(b"")
    # UTF-16 text is full of NUL bytes but is text.
    assert not is_binary(codecs.BOM_UTF16_LE + "text".encode("utf-16-le"))
    assert is_binary(codecs.BOM_UTF16_LE + "te\x00xt".encode("utf-16-le"))


_TEXT = st.text(st.characters(exclude_categories=("Cs",), exclude_characters="\x00"))


@settings(max_examples=200, deadline=None)
@given(
    text=_TEXT,
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-16-be-bom", "utf-32"]),
)
def test_decoding_round_trips_any_text(text, encoding):
    if encoding == "utf-8":
        assume(not text.startswith("\ufeff"))  # that would be a BOM
        data = text.encode("utf-8")
    elif encoding == "utf-16-be-bom":
        data = codecs.BOM_UTF16_BE + text.encode("utf-16-be")
    else:
        data = text.encode(encoding)
    assert decode_bytes(data) == (text, False)
    assert not is_binary(data)
    problems: list[Problem] = []
    docs = list(
        read_inputs(["-"], input_format="text", stdin=io.BytesIO(data), report=problems.append)
    )
    assert [d.text for d in docs] == [text]
    assert problems == []


# ---------------------------------------------------------------------------- directories


def make_corpus(root: Path) -> None:
    # Written out of order on purpose.
    write(root / "b.txt", "B")
    write(root / "a.md", "A")
    write(root / "sub" / "z.text", "Z")
    write(root / "sub" / "c.htm", NEWS_PAGE)
    write(root / "2020" / "x.html", NEWS_PAGE)
    write(root / "2020" / "y.txt", "Y")
    write(root / "data.jsonl", '{"id": "j1", "text": "J1"}\n')
    write(root / "more.ndjson", '{"id": "n1", "text": "N1"}\n')
    write(root / "page.xhtml", NEWS_PAGE)
    write(root / "script.py", "print('not an article')")
    write(root / "table.csv", "a,b")
    write(root / ".hidden.txt", "hidden file")
    write(root / ".git" / "notes.txt", "hidden dir")
    write(root / "sub" / ".cache" / "deep.txt", "hidden nested dir")


def test_directory_default_selection_sorted_and_hidden_skipped(here):
    make_corpus(here / "corpus")
    docs, problems = read(["corpus"])
    assert [d.id for d in docs] == [
        "corpus/2020/x.html",
        "corpus/2020/y.txt",
        "corpus/a.md",
        "corpus/b.txt",
        "j1",
        "n1",
        "corpus/page.xhtml",
        "corpus/sub/c.htm",
        "corpus/sub/z.text",
    ]
    assert [d.source for d in docs][4:6] == ["corpus/data.jsonl", "corpus/more.ndjson"]
    assert all("hidden" not in d.text for d in docs)
    assert [d.html for d in docs] == [True, False, False, False, False, False, True, True, False]
    assert problems == []


def test_directory_given_with_trailing_slash_and_order_is_deterministic(here):
    make_corpus(here / "corpus")
    first, _ = read(["corpus/"])
    second, _ = read(["corpus/"])
    assert [d.id for d in first] == [d.id for d in second]
    assert first[1].id == "corpus/2020/y.txt"


def test_directory_with_glob(here):
    make_corpus(here / "corpus")
    docs, _ = read(["corpus"], glob="*.txt")
    assert [d.id for d in docs] == ["corpus/2020/y.txt", "corpus/b.txt"]
    docs, _ = read(["corpus"], glob="2020/*.html")
    assert [d.id for d in docs] == ["corpus/2020/x.html"]
    # The glob replaces the default selection: it can take any extension.
    docs, _ = read(["corpus"], glob="*.py", input_format="text")
    assert [(d.id, d.text) for d in docs] == [("corpus/script.py", "print('not an article')")]


def test_glob_matches_the_file_name_too(here):
    write(here / "corpus" / "2021" / "jan" / "story.txt", "S")
    write(here / "corpus" / "story.md", "M")
    write(here / "corpus" / "other.txt", "O")
    docs, _ = read(["corpus"], glob="story.*")
    assert [d.id for d in docs] == ["corpus/2021/jan/story.txt", "corpus/story.md"]


def test_directory_without_matching_files_warns(here):
    write(here / "corpus" / "x.csv", "a,b")
    docs, problems = read(["corpus"])
    assert docs == []
    assert [(p.source, p.skipped) for p in problems] == [("corpus", False)]
    assert "no input files" in problems[0].reason


def test_inputs_are_read_in_the_order_given(here):
    write(here / "b.txt", "B")
    write(here / "a.txt", "A")
    write(here / "dir" / "c.txt", "C")
    docs, _ = read(["b.txt", "dir", "a.txt", "b.txt"])
    assert [d.id for d in docs] == ["b.txt", "dir/c.txt", "a.txt", "b.txt"]


def test_symlink_loops_do_not_hang(here):
    write(here / "corpus" / "a.txt", "A")
    write(here / "corpus" / "sub" / "b.txt", "B")
    os.symlink("..", here / "corpus" / "sub" / "up")
    os.symlink(".", here / "corpus" / "self")
    os.symlink("loop.txt", here / "corpus" / "loop.txt")  # points to itself
    docs, problems = read(["corpus"])
    assert [d.id for d in docs] == ["corpus/a.txt", "corpus/sub/b.txt"]
    assert [(p.source, p.skipped) for p in problems] == [("corpus/loop.txt", True)]
    assert "symbolic link" in problems[0].reason


def test_symlinked_directory_inside_a_walk_is_not_followed(here):
    write(here / "elsewhere" / "x.txt", "X")
    write(here / "corpus" / "a.txt", "A")
    os.symlink("../elsewhere", here / "corpus" / "linked")
    docs, problems = read(["corpus"])
    assert [d.id for d in docs] == ["corpus/a.txt"]
    assert problems == []
    # Given explicitly, a symlinked directory is walked.
    docs, _ = read(["corpus/linked"])
    assert [d.id for d in docs] == ["corpus/linked/x.txt"]


def test_symlinked_file_inside_a_directory_is_read(here):
    write(here / "elsewhere.txt", "linked")
    write(here / "corpus" / "a.txt", "A")
    os.symlink(here / "elsewhere.txt", here / "corpus" / "b.txt")
    docs, _ = read(["corpus"])
    assert [(d.id, d.text) for d in docs] == [("corpus/a.txt", "A"), ("corpus/b.txt", "linked")]


# ---------------------------------------------------------------------------- unreadable paths


def test_missing_path_is_reported_and_the_stream_goes_on(here):
    write(here / "a.txt", "A")
    docs, problems = read(["missing.txt", "a.txt", "nodir/"])
    assert [d.id for d in docs] == ["a.txt"]
    assert [(p.source, p.line, p.skipped) for p in problems] == [
        ("missing.txt", None, True),
        ("nodir/", None, True),
    ]
    assert problems[0].reason == "no such file or directory"


def test_broken_symlink_is_reported(here):
    os.symlink("gone.txt", here / "link.txt")
    write(here / "corpus" / "a.txt", "A")
    os.symlink("../gone.txt", here / "corpus" / "b.txt")
    docs, problems = read(["link.txt", "corpus"])
    assert [d.id for d in docs] == ["corpus/a.txt"]
    assert [(p.source, p.reason, p.skipped) for p in problems] == [
        ("link.txt", "broken symbolic link", True),
        ("corpus/b.txt", "broken symbolic link", True),
    ]


def test_permission_denied_file_is_reported_and_the_others_read(here, monkeypatch):
    # Runs as root here: chmod cannot make a file unreadable, so opening is made to fail.
    write(here / "corpus" / "a.txt", "A")
    write(here / "corpus" / "secret.txt", "S")
    write(here / "corpus" / "z.jsonl", '{"text": "Z"}\n')
    write(here / "locked.jsonl", '{"text": "L"}\n')
    real_open = Path.open

    def fake_open(self, *args, **kwargs):
        if self.name in ("secret.txt", "locked.jsonl"):
            raise PermissionError(errno.EACCES, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", fake_open)
    docs, problems = read(["corpus", "locked.jsonl"])
    assert [d.id for d in docs] == ["corpus/a.txt", "corpus/z.jsonl:1"]
    assert [(p.source, p.reason, p.skipped) for p in problems] == [
        ("corpus/secret.txt", "permission denied", True),
        ("locked.jsonl", "permission denied", True),
    ]


def test_read_error_is_reported(here, monkeypatch):
    write(here / "a.txt", "A")
    write(here / "b.txt", "B")
    real_open = Path.open

    class FailingStream(io.BytesIO):
        def read(self, *args):
            raise OSError(errno.EIO, "Input/output error")

    def fake_open(self, *args, **kwargs):
        if self.name == "a.txt":
            return FailingStream(b"")
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", fake_open)
    docs, problems = read(["a.txt", "b.txt"])
    assert [d.id for d in docs] == ["b.txt"]
    assert [(p.source, p.reason, p.skipped) for p in problems] == [
        ("a.txt", "cannot read (Input/output error)", True)
    ]


def test_file_vanishing_during_the_walk_is_reported(here):
    write(here / "corpus" / "a.txt", "A")
    write(here / "corpus" / "b.txt", "B")
    write(here / "corpus" / "c.txt", "C")
    problems: list[Problem] = []
    stream = read_inputs(["corpus"], report=problems.append)
    first = next(stream)
    (here / "corpus" / "b.txt").unlink()
    rest = list(stream)
    assert [d.id for d in [first, *rest]] == ["corpus/a.txt", "corpus/c.txt"]
    assert [(p.source, p.reason) for p in problems] == [
        ("corpus/b.txt", "no such file or directory")
    ]


def test_problems_are_reported_in_stream_order(here):
    write(here / "a.txt", "A")
    write(here / "b.jsonl", '{"text": "B1"}\nnope\n{"text": "B3"}\n')
    events: list[str] = []
    for doc in read_inputs(
        ["a.txt", "missing", "b.jsonl"], report=lambda p: events.append(f"problem {p}")
    ):
        events.append(f"doc {doc.id}")
    assert events[:3] == [
        "doc a.txt",
        "problem missing: skipped: no such file or directory",
        "doc b.jsonl:1",
    ]
    assert events[3].startswith("problem b.jsonl:2: skipped: invalid JSON (")
    assert events[4] == "doc b.jsonl:3"


# ---------------------------------------------------------------------------- JSONL


def test_jsonl_default_fields_ids_and_blank_lines(here):
    lines = [
        '{"id": "doc-1", "text": "One.", "url": "http://x", "extra": [1, 2]}',
        "",
        '{"id": 17, "text": "Two."}',
        "   ",
        '{"text": "Three, no id."}',
        '{"id": null, "text": "Four, null id."}',
    ]
    write(here / "corpus.jsonl", "\n".join(lines) + "\n")
    docs, problems = read(["corpus.jsonl"])
    assert [(d.id, d.text, d.source, d.line) for d in docs] == [
        ("doc-1", "One.", "corpus.jsonl", 1),
        ("17", "Two.", "corpus.jsonl", 3),
        ("corpus.jsonl:5", "Three, no id.", "corpus.jsonl", 5),
        ("corpus.jsonl:6", "Four, null id.", "corpus.jsonl", 6),
    ]
    assert problems == []


def test_jsonl_custom_fields(here):
    write(
        here / "news.ndjson",
        '{"doc_id": "a", "body": "Body A.", "text": "ignored"}\n{"body": "Body B."}\n',
    )
    docs, problems = read(["news.ndjson"], text_field="body", id_field="doc_id")
    assert [(d.id, d.text) for d in docs] == [("a", "Body A."), ("news.ndjson:2", "Body B.")]
    assert problems == []


def test_jsonl_text_is_kept_verbatim(here):
    text = "Line one.\r\nLine two\twith tab.\n\n“Quoted,” he said.\u2028End."
    write(here / "c.jsonl", json.dumps({"text": text}) + "\r\n")
    [doc], _ = read(["c.jsonl"])
    assert doc.text == text


def test_jsonl_malformed_lines_are_reported_and_the_others_kept(here):
    lines = [
        '{"id": "ok1", "text": "First."}',
        '{"id": "bad" "text": "missing comma"}',
        "[1, 2, 3]",
        '"just a string"',
        '{"id": "nofield", "body": "no text field"}',
        '{"id": "nottext", "text": 42}',
        '{"id": "nulltext", "text": null}',
        '{"id": "ok2", "text": "Last."}',
        '{"id": "truncated", "text": "abc',
    ]
    write(here / "corpus.jsonl", "\n".join(lines))  # no final newline
    docs, problems = read(["corpus.jsonl"])
    assert [(d.id, d.line) for d in docs] == [("ok1", 1), ("ok2", 8)]
    assert [(p.source, p.line, p.skipped) for p in problems] == [
        ("corpus.jsonl", n, True) for n in (2, 3, 4, 5, 6, 7, 9)
    ]
    assert str(problems[0]) == (
        "corpus.jsonl:2: skipped: invalid JSON (Expecting ',' delimiter at column 14)"
    )
    assert problems[1].reason == "not a JSON object (found array)"
    assert problems[2].reason == "not a JSON object (found string)"
    assert problems[3].reason == 'no "text" field'
    assert problems[4].reason == '"text" is not a string (found number)'
    assert problems[5].reason == '"text" is not a string (found null)'
    assert problems[6].reason.startswith("invalid JSON (Unterminated string")


def test_jsonl_undecodable_line_is_kept_with_a_warning(here):
    data = b'{"text": "ok"}\n{"id": "x", "text": "caf\xe9"}\n{"text": "after"}\n'
    write(here / "c.jsonl", data)
    docs, problems = read(["c.jsonl"])
    assert [d.text for d in docs] == ["ok", "caf\ufffd", "after"]
    assert [(p.source, p.line, p.skipped) for p in problems] == [("c.jsonl", 2, False)]
    assert "U+FFFD" in problems[0].reason


def test_jsonl_with_bom(here):
    write(here / "bom.jsonl", codecs.BOM_UTF8 + b'{"text": "A"}\n')
    docs, problems = read(["bom.jsonl"])
    assert [(d.id, d.text) for d in docs] == [("bom.jsonl:1", "A")]
    assert problems == []
    text = '{"text": "W1"}\r\n{"text": "W2"}\r\n'
    write(here / "wide.jsonl", codecs.BOM_UTF16_LE + text.encode("utf-16-le"))
    docs, problems = read(["wide.jsonl"])
    assert [(d.id, d.text) for d in docs] == [("wide.jsonl:1", "W1"), ("wide.jsonl:2", "W2")]
    assert problems == []


def test_jsonl_record_with_an_html_page(here):
    write(here / "pages.jsonl", json.dumps({"id": "p", "text": NEWS_PAGE}) + "\n")
    [doc], problems = read(["pages.jsonl"])
    assert doc.html is True
    assert doc.id == "p" and doc.line == 1
    assert KIRBY in doc.text
    assert "tracker" not in doc.text
    assert problems == []


def test_unknown_extension_starting_with_a_record_is_jsonl(here):
    write(here / "dump.json", '{"id": "a", "text": "A"}\n{"id": "b", "text": "B"}\n')
    write(here / "brace.txt", '{"id": "a", "text": "A"}\n')  # .txt stays text
    docs, _ = read(["dump.json", "brace.txt"])
    assert [(d.id, d.text) for d in docs] == [
        ("a", "A"),
        ("b", "B"),
        ("brace.txt", '{"id": "a", "text": "A"}\n'),
    ]


def test_input_format_forces_the_reader(here):
    write(here / "page.html", NEWS_PAGE)
    write(here / "records.txt", '{"text": "R"}\n')
    write(here / "frag.txt", "<html><body><p>Fragment page.</p></body></html>")
    docs, _ = read(["page.html"], input_format="text")
    assert docs[0].text == NEWS_PAGE and docs[0].html is False
    docs, _ = read(["records.txt"], input_format="jsonl")
    assert [(d.id, d.text) for d in docs] == [("records.txt:1", "R")]
    docs, _ = read(["frag.txt"], input_format="html")
    assert [(d.text, d.html) for d in docs] == [("Fragment page.", True)]


def test_iter_jsonl_on_a_path_and_a_stream(here):
    write(here / "c.jsonl", '{"id": 1, "text": "A"}\nbroken\n')
    problems: list[Problem] = []
    docs = list(iter_jsonl("c.jsonl", report=problems.append))
    assert [(d.id, d.text) for d in docs] == [("1", "A")]
    assert [(p.source, p.line) for p in problems] == [("c.jsonl", 2)]
    problems.clear()
    stream = io.BytesIO(b'{"body": "B"}\n')
    docs = list(iter_jsonl(stream, name="s", text_field="body", report=problems.append))
    assert [(d.id, d.text, d.source) for d in docs] == [("s:1", "B", "s")]
    docs = list(iter_jsonl("missing.jsonl", report=problems.append))
    assert docs == [] and problems[-1].reason == "no such file or directory"


def test_jsonl_streams_with_flat_memory(here):
    line = json.dumps({"id": "x", "text": "He said “the quick brown fox.” " * 20}) + "\n"
    count = 20_000  # about 12 MB
    with open(here / "big.jsonl", "w", encoding="utf-8") as f:
        for _ in range(count):
            f.write(line)
    assert (here / "big.jsonl").stat().st_size > 10_000_000
    problems: list[Problem] = []
    seen = 0
    tracemalloc.start()
    try:
        for doc in read_inputs(["big.jsonl"], report=problems.append):
            seen += 1
            assert doc.text
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert seen == count and problems == []
    assert peak < 1_000_000


def test_stdin_jsonl_is_read_lazily():
    lines = b"".join(b'{"text": "doc %d"}\n' % i for i in range(50_000))

    class Counting(io.RawIOBase):
        def __init__(self) -> None:
            self.data = io.BytesIO(lines)
            self.consumed = 0

        def readable(self) -> bool:
            return True

        def readinto(self, buffer) -> int:
            n = self.data.readinto(buffer)
            self.consumed += n
            return n

    raw = Counting()
    stream = read_inputs([], stdin=io.BufferedReader(raw), report=print)
    assert next(stream).text == "doc 0"
    assert raw.consumed < len(lines) // 10
    assert sum(1 for _ in stream) == 49_999


# ---------------------------------------------------------------------------- stdin


def test_stdin_text():
    text = "“We act,” he said.\r\nNext.\n"
    docs, problems = read([], stdin=io.BytesIO(text.encode()))
    assert docs == [Document("-", text, "-")]
    assert problems == []
    docs, _ = read(["-"], stdin=io.BytesIO(codecs.BOM_UTF16_BE + text.encode("utf-16-be")))
    assert [d.text for d in docs] == [text]


def test_stdin_jsonl():
    data = b'\n  {"text": "A"}\n{"id": "b", "text": "B"}\nbad\n'
    docs, problems = read(["-"], stdin=io.BytesIO(data))
    assert [(d.id, d.text, d.source, d.line) for d in docs] == [
        ("-:2", "A", "-", 2),
        ("b", "B", "-", 3),
    ]
    assert [(p.source, p.line, p.skipped) for p in problems] == [("-", 4, True)]


def test_stdin_jsonl_in_utf16():
    data = '{"text": "A"}\r\n\r\n{"id": "b", "text": "B"}\r\n'.encode("utf-16")
    docs, problems = read([], stdin=io.BytesIO(data))
    assert [(d.id, d.text) for d in docs] == [("-:1", "A"), ("b", "B")]
    assert problems == []


def test_stdin_starting_with_a_brace_but_not_a_record_is_text():
    for data in (b'{"id": "no text field"}\n', b"{not json} he said.\n"):
        docs, problems = read([], stdin=io.BytesIO(data))
        assert [(d.id, d.text) for d in docs] == [("-", data.decode())]
        assert problems == []


def test_stdin_html():
    docs, problems = read([], stdin=io.BytesIO(NEWS_PAGE.encode()))
    [doc] = docs
    assert (doc.id, doc.html) == ("-", True)
    assert KIRBY in doc.text
    assert problems == []


def test_stdin_binary_is_skipped():
    docs, problems = read([], stdin=io.BytesIO(b"\x00\x01\x02"))
    assert docs == []
    assert [(p.source, p.skipped) for p in problems] == [("-", True)]


def test_stdin_defaults_to_sys_stdin_buffer(monkeypatch):
    class FakeStdin:
        buffer = io.BytesIO(b"from the real stdin")

    monkeypatch.setattr(sys, "stdin", FakeStdin())
    docs, _ = read([])
    assert [(d.id, d.text) for d in docs] == [("-", "from the real stdin")]


def test_stdin_given_twice_is_read_once():
    docs, problems = read(["-", "-"], stdin=io.BytesIO(b"once"))
    assert [d.text for d in docs] == ["once"]
    assert [(p.source, p.reason) for p in problems] == [("-", "standard input already read")]


def test_stdin_read_error_is_reported():
    class Broken(io.RawIOBase):
        def readable(self) -> bool:
            return True

        def readinto(self, buffer) -> int:
            raise OSError(errno.EIO, "Input/output error")

    docs, problems = read([], stdin=Broken())
    assert docs == []
    assert [(p.source, p.reason, p.skipped) for p in problems] == [
        ("-", "cannot read (Input/output error)", True)
    ]


# ---------------------------------------------------------------------------- HTML


def test_html_page_gives_the_article_text(here):
    write(here / "news" / "story.html", NEWS_PAGE)
    docs, problems = read(["news/story.html"])
    [doc] = docs
    assert (doc.id, doc.source, doc.html) == ("news/story.html", "news/story.html", True)
    assert KIRBY in doc.text
    assert "The United States carried out airstrikes in eastern Syria" in doc.text
    assert "Saeed Khatibzadeh condemned the attack" in doc.text
    for junk in ("tracker", "UA-123", "font-family", "World News Section", "analytics"):
        assert junk not in doc.text
    # trafilatura (not the plain fallback) did the work: the boilerplate footer is gone too.
    assert "Subscribe to our newsletter" not in doc.text
    # Paragraphs are separate lines.
    paragraphs = doc.text.split("\n")
    assert any(p.startswith("“The United States took") for p in paragraphs)
    assert problems == []


def test_html_is_recognised_by_content_whatever_the_extension(here):
    write(here / "saved.txt", codecs.BOM_UTF8 + ("\n\n  " + NEWS_PAGE).encode())
    write(here / "page.dat", '<?xml version="1.0" encoding="utf-8"?>\n' + NEWS_PAGE[16:])
    docs, _ = read(["saved.txt", "page.dat"])
    assert [d.html for d in docs] == [True, True]
    assert all(KIRBY in d.text for d in docs)


@pytest.mark.parametrize(
    "declaration",
    [
        '<meta charset="windows-1252">',
        # Browsers read latin-1 as windows-1252 (where ’ and — live).
        '<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1">',
    ],
)
def test_html_page_in_a_declared_legacy_charset(here, declaration):
    page = NEWS_PAGE.replace('<meta charset="utf-8">', declaration)
    page = page.replace("Syria's sovereignty", "Syria’s sovereignty — café")
    write(here / "legacy.html", page.encode("cp1252"))
    [doc], problems = read(["legacy.html"])
    assert "Syria’s sovereignty — café" in doc.text
    assert problems == []


def test_html_page_without_text_is_kept_empty_with_a_warning(here):
    write(here / "empty.html", "<html><head><script>var x = 1;</script></head><body></body></html>")
    docs, problems = read(["empty.html"])
    assert [(d.id, d.text, d.html) for d in docs] == [("empty.html", "", True)]
    assert [(p.source, p.skipped) for p in problems] == [("empty.html", False)]


def test_html_to_text_stdlib_fallback(monkeypatch):
    # As when trafilatura finds nothing or cannot be imported: the visible text, one line per block.
    import quotes.readers.html

    monkeypatch.setattr(quotes.readers.html, "_load_trafilatura", lambda: None)
    page = (
        "<html><head><title>T</title><style>p {}</style></head><body>"
        "<nav>Menu</nav><p>“Short,”\n   she said.</p><p>Second &amp; last.<br>Line</p>"
        "<script>alert(1)</script></body></html>"
    )
    assert html_to_text(page) == "“Short,” she said.\nSecond & last.\nLine"
    # An unclosed <head> does not swallow the body.
    assert html_to_text("<html><head><title>T</title><body><p>Body.</p>") == "Body."
    assert html_to_text(NEWS_PAGE).startswith("Pentagon says strikes sent a clear message\n")


def test_html_to_text_on_a_short_page():
    page = "<html><body><p>“Short,” she said.</p></body></html>"
    assert html_to_text(page) == "“Short,” she said."


def test_html_extraction_needs_no_network(monkeypatch):
    def no_network(*args, **kwargs):
        raise OSError("network access attempted")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    monkeypatch.setattr(socket.socket, "connect_ex", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    monkeypatch.setattr(socket, "getaddrinfo", no_network)
    text = html_to_text(NEWS_PAGE)
    assert KIRBY in text
    assert "tracker" not in text
    assert "Subscribe to our newsletter" not in text  # extracted by trafilatura


def test_looks_like_html():
    yes = [
        "<!DOCTYPE html><html><body>x</body></html>",
        "\ufeff  \n<!doctype HTML>\n<html>",
        "<html lang='en'>",
        "<HTML>",
        "<head><title>x</title></head>",
        "<body>text</body>",
        '<?xml version="1.0"?>\n<html xmlns="http://www.w3.org/1999/xhtml">',
        '<?xml version="1.0"?><!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "x">',
        "<!-- saved from url=(0014)about:internet -->\n<html>",
    ]
    no = [
        "",
        "   ",
        "Plain text.",
        "American military” target=”_blank”>forces< were attacked",
        "<p>A paragraph fragment.</p>",
        "<header>Not a page</header>",
        "<htmlfoo>",
        '<?xml version="1.0"?><rss version="2.0">',
        "Text first, then <html> later.",
        "<!doctype xml>",
    ]
    assert [t for t in yes if not looks_like_html(t)] == []
    assert [t for t in no if looks_like_html(t)] == []


def test_plain_text_runs_do_not_import_trafilatura(tmp_path):
    write(tmp_path / "a.txt", "He said “hello”.")
    code = (
        "import sys\n"
        "from quotes.readers import read_inputs\n"
        f"docs = list(read_inputs([{str(tmp_path / 'a.txt')!r}], report=print))\n"
        "assert len(docs) == 1\n"
        "print('trafilatura' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"
