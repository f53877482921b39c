"""The bad-input table: what `quotes extract` does with each kind of bad input, end to end.

Every row runs the real command line (typer's CliRunner on ``quotes.cli.app``, or the installed
command in a subprocess where signals, closed pipes and closed descriptors are the point) and
checks the behaviour, the exit code and standard error: one clear line per problem and a
summary line at the end, never a traceback. Unreadable files are simulated (tests run as root,
where chmod cannot deny a read), never skipped. The README's table lists the same rows; the
red team's reproductions (issue 13) are the rows marked with their number.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from contract import validate_record
from typer.testing import CliRunner

import quotes
import quotes.api
import quotes.pipeline
from quotes.cli import app

pytestmark = pytest.mark.model
runner = CliRunner()
ROOT_EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "harbour_bridge.txt"
QUOTES = [sys.executable, "-m", "quotes.cli"]
SUMMARY = re.compile(
    r"done: (?P<documents>[\d,]+) documents?, (?P<quotes>[\d,]+) quotes?, "
    r"(?P<skipped>[\d,]+) skipped(?:, (?P<failed>[\d,]+) failed)?, [\d.]+ s(?:; written to .+)?"
)

ARTICLE = (
    "“We will rebuild the school before winter,” Mayor Daniel Okafor said.\n"
    "He said the work would cost $4 million.\n"
)

NEWS_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Harbour Bridge to stay closed after cable fault | The Daily Courier</title>
  <link rel="stylesheet" href="https://cdn.dailycourier.example/css/site.css">
  <link rel="preload" href="https://fonts.example.com/serif.woff2" as="font">
  <script src="https://ads.example.net/loader.js" async></script>
  <script>window.dataLayer = [{"section": "local", "quote": "“not a quote”"}];</script>
  <meta property="og:image" content="https://cdn.dailycourier.example/img/bridge.jpg">
</head>
<body>
  <header class="site-header">
    <nav><ul><li><a href="/">Home</a></li><li><a href="/local">Local</a></li>
    <li><a href="/sport">Sport</a></li><li><a href="/subscribe">Subscribe</a></li></ul></nav>
  </header>
  <main>
    <article>
      <h1>Harbour Bridge to stay closed after cable fault</h1>
      <p class="byline">By Jane Doe, Transport Reporter</p>
      <figure>
        <img src="https://cdn.dailycourier.example/img/bridge.jpg" alt="The bridge at dawn">
        <figcaption>The Harbour Bridge at dawn. Photo: Courier</figcaption>
      </figure>
      <p>The Harbour Bridge will stay closed for at least two more weeks after inspectors found
      a fault in one of its main cables, the city said on Tuesday.</p>
      <p>“We are not going to take any chances with people’s lives,” Transport Commissioner
      Aisha Ramaswamy said at a news conference. “The bridge stays closed until every cable has
      been tested.”</p>
      <p>Mayor Daniel Okafor said the closure would cost local businesses millions of dollars.
      “This bridge carries 90,000 vehicles a day,” he said.</p>
      <p>Ferry service will run every 15 minutes during rush hour, according to Harbour police
      Det. Sgt. Lena Brandt.</p>
      <aside class="related"><a href="/local/ferries">Related: ferry timetable</a></aside>
    </article>
  </main>
  <footer><p>© 2024 The Daily Courier. All rights reserved.</p>
  <script src="https://cdn.dailycourier.example/js/footer.js"></script></footer>
</body>
</html>
"""


# --- helpers -------------------------------------------------------------------------------


def invoke(*args, input=None):
    """Run `quotes extract ARGS` and check what must hold for every row: no uncaught exception
    and no traceback on stderr."""
    result = runner.invoke(app, ["extract", *map(str, args)], input=input)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"uncaught {result.exception!r}\nstderr: {result.stderr}")
    assert "Traceback" not in result.stderr
    assert "Traceback" not in result.stdout
    return result


def stderr_lines(result) -> list[str]:
    stderr = result if isinstance(result, str) else result.stderr
    lines = stderr.split("\n")
    assert lines[-1] == "", "stderr ends with a newline"
    lines = lines[:-1]
    assert all(line.strip() for line in lines), stderr
    return lines


def summary(result) -> dict[str, int]:
    """The counts of the summary line, which ends standard error of every run that ran."""
    lines = stderr_lines(result)
    assert lines, "no summary line"
    match = SUMMARY.fullmatch(lines[-1])
    assert match, lines[-1]
    return {k: int((v or "0").replace(",", "")) for k, v in match.groupdict().items()}


def problems(result) -> list[str]:
    """Standard error before the summary line: one line per problem."""
    summary(result)
    return stderr_lines(result)[:-1]


def records(result) -> list[dict]:
    # split on "\n" only: that is what JSONL lines are (str.splitlines would split more)
    return [json.loads(line) for line in result.stdout.split("\n") if line]


def one_record(result) -> dict:
    found = records(result)
    assert len(found) == 1, result.stdout
    return found[0]


def speakers(record: dict) -> set[str]:
    return {q["speaker"]["name"] for q in record["quotes"] if q["speaker"]}


@pytest.fixture()
def article(tmp_path) -> Path:
    path = tmp_path / "article.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


@pytest.fixture()
def no_model(monkeypatch):
    """Fail the test if the CLI loads a model (fatal errors come before the model)."""

    def load(*args, **kwargs):
        raise AssertionError("the model was loaded")

    monkeypatch.setattr(quotes.pipeline, "load", load)


# --- empty and odd files -------------------------------------------------------------------


@pytest.mark.parametrize("content", [b"", b"  \n\t\r\n \xc2\xa0\n"], ids=["empty", "whitespace"])
def test_empty_or_whitespace_file_is_a_document_without_quotes(tmp_path, content):
    path = tmp_path / "blank.txt"
    path.write_bytes(content)
    result = invoke(path, "-f", "jsonl")
    assert result.exit_code == 0
    assert one_record(result) == {"id": str(path), "quotes": []}
    assert problems(result) == []


def test_binary_file_is_skipped_with_one_line_and_the_rest_read(tmp_path, article):
    binary = tmp_path / "photo.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00" + bytes(range(256)))
    result = invoke(binary, article, "-f", "jsonl")
    assert result.exit_code == 1
    assert problems(result) == [f"{binary}: skipped: binary file (contains NUL bytes)"]
    assert summary(result)["skipped"] == 1
    assert one_record(result)["id"] == str(article)


def test_bad_utf8_keeps_the_document_with_a_warning_naming_the_file(tmp_path):
    data = (
        b"Caf\xe9 owners were angry. \xff\xfe\n"  # Latin-1 and stray bytes
        + "“We will rebuild the school before winter,” Mayor Daniel Okafor said.\n".encode()
        + "Truncated: \xe2\x80".encode("latin-1")
    )
    path = tmp_path / "mixed.txt"
    path.write_bytes(data)
    result = invoke(path, "-f", "jsonl")
    assert result.exit_code == 0  # a warning, nothing lost
    (line,) = problems(result)
    assert line.startswith(f"{path}: warning: invalid UTF-8 at byte 3")
    assert "U+FFFD" in line
    record = one_record(result)
    text = data.decode("utf-8", "replace")  # what the offsets refer to
    assert text.count("\ufffd") == 4
    validate_record(record, text)
    (quote,) = [q for q in record["quotes"] if q["kind"] == "direct"]
    assert quote["text"].startswith("“We will rebuild") and quote["start"] == text.index("“")
    assert quote["speaker"]["name"] == "Daniel Okafor"


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_with_bom_is_decoded(tmp_path, encoding):
    path = tmp_path / "article.txt"
    path.write_bytes("\ufeff".encode(encoding) + ARTICLE.encode(encoding))
    result = invoke(path, "-f", "jsonl")
    assert result.exit_code == 0 and problems(result) == []
    record = one_record(result)
    validate_record(record, ARTICLE)  # offsets into the text, the BOM dropped
    assert record["quotes"][0]["start"] == 0
    assert speakers(record) == {"Daniel Okafor"}


# --- long and pathological documents -------------------------------------------------------


PEOPLE = [
    ("Jessica", "McNulty"),
    ("Wayne", "Marotto"),
    ("Lena", "Brandt"),
    ("Daniel", "Okafor"),
    ("Aisha", "Ramaswamy"),
    ("Miriam", "Castellanos"),
    ("John", "Kirby"),
    ("Maria", "Hernandez"),
    ("Robert", "Thompson"),
    ("Emily", "Carter"),
]


def _paragraph(n: int) -> str:
    first, last = PEOPLE[n % len(PEOPLE)]
    return (
        f"“Plan {n} is ready, and it’s the ’90s all over again,” Navy Cmdr. {first} {last} "
        f"said. Officials said the talks on item {n} had failed.\n"
    )


def _check_plans(record: dict, text: str, count: int) -> None:
    """Paragraph n's direct quote is found where it is, with its speaker."""
    direct = [q for q in record["quotes"] if q["text"].startswith("“Plan")]
    assert [q["start"] for q in direct] == [text.index(f"“Plan {n} ") for n in range(count)]
    for n, q in enumerate(direct):
        first, last = PEOPLE[n % len(PEOPLE)]
        assert q["speaker"]["text"].endswith(f"{first} {last}")
        assert q["speaker"]["name"] == f"{first} {last}"


def test_document_beyond_max_length_is_split_with_true_offsets(tmp_path, nlp, monkeypatch):
    limit = 1_000
    paras = [_paragraph(n) for n in range(30)]
    # a CRLF stretch, and one paragraph longer than the limit (cut at a space)
    paras[10] = paras[10].replace("\n", "\r\n")
    paras[20] = paras[20].rstrip("\n") + " It was quiet." * 80 + "\n"
    text = "".join(paras)
    assert len(text) > 4 * limit
    path = tmp_path / "long.txt"
    path.write_text(text, encoding="utf-8", newline="")
    monkeypatch.setattr(nlp, "max_length", limit)  # spaCy refuses a longer text: E088
    monkeypatch.setattr(quotes.pipeline, "load", lambda *a, **k: nlp)
    result = invoke(path, "-f", "jsonl")
    assert result.exit_code == 0 and problems(result) == []
    record = one_record(result)
    validate_record(record, text)
    _check_plans(record, text, len(paras))  # in every piece


def test_huge_document_is_parsed_in_bounded_pieces(tmp_path, nlp, monkeypatch):
    # A 20 MB text in max_length (1M-character) pieces, batched together, took over 24 GB:
    # past WHOLE_CHARS a text goes in PIECE_CHARS pieces (scaled down here: 3,000 and 500).
    monkeypatch.setattr(quotes.api, "WHOLE_CHARS", 3_000)
    monkeypatch.setattr(quotes.api, "PIECE_CHARS", 500)
    parsed: list[int] = []
    real_pipe = nlp.pipe

    def spy(texts, **kwargs):
        texts = list(texts)
        parsed.extend(len(t) for t in texts)
        return real_pipe(texts, **kwargs)

    monkeypatch.setattr(nlp, "pipe", spy)
    monkeypatch.setattr(quotes.pipeline, "load", lambda *a, **k: nlp)
    short = "".join(_paragraph(n) for n in range(20))[:2_900]
    huge = "".join(_paragraph(n) for n in range(40))
    (tmp_path / "a_short.txt").write_text(short, encoding="utf-8")
    (tmp_path / "b_huge.txt").write_text(huge, encoding="utf-8")
    result = invoke(tmp_path, "-f", "jsonl")
    assert result.exit_code == 0 and problems(result) == []
    assert nlp.max_length >= 1_000_000  # not what bounds the pieces
    assert parsed[0] == len(short)  # whole
    assert len(parsed) > len(huge) // 500 and max(parsed[1:]) <= 500
    first, second = records(result)
    validate_record(first, short)
    validate_record(second, huge)
    _check_plans(second, huge, 40)


@pytest.mark.parametrize("marks", ["“”‘’\"'«»„‹›", "“"], ids=["mixed", "one-kind"])
def test_ten_thousand_quote_marks_in_a_row(tmp_path, marks):
    # (one kind: spaCy's tokenizer is quadratic on a long run of prefix punctuation, ~20 s)
    text = (
        "Officials said the bridge was safe.\n"
        + "".join(marks[n % len(marks)] for n in range(10_000))
        + "\n“We are not going to take any chances,” Mayor Daniel Okafor said.\n"
    )
    path = tmp_path / "marks.txt"
    path.write_text(text, encoding="utf-8")
    result = invoke(path, "-f", "jsonl")
    assert result.exit_code == 0 and problems(result) == []
    record = one_record(result)
    validate_record(record, text)
    quote = next(q for q in record["quotes"] if q["text"].startswith("“We are not"))
    assert quote["speaker"]["name"] == "Daniel Okafor"


@pytest.mark.parametrize("mark", ["“", '"'], ids=["curly", "straight"])
def test_one_unclosed_mark_in_a_5000_word_text_spoils_nothing_after_it(tmp_path, mark):
    opening = (
        f"{mark}This opens a quote that never closes, the reporter wrote in haste.\n"
        "The council met on Monday.\n"  # (a paragraph opening with a mark would continue it)
    )
    text = opening + "".join(_paragraph(n) for n in range(120))
    text += "Filler text that says nothing at all. " * 300 + "\n"
    assert len(text.split()) >= 5_000
    path = tmp_path / "unclosed.txt"
    path.write_text(text, encoding="utf-8")
    result = invoke(path, "-f", "jsonl")
    assert result.exit_code == 0
    record = one_record(result)
    validate_record(record, text)
    _check_plans(record, text, 120)
    # the unclosed quote is recovered at the end of its own paragraph, and is the only quote there
    first = [(q["start"], q["end"]) for q in record["quotes"] if q["start"] < len(opening)]
    assert first == [(0, opening.index("\n"))]


# --- JSONL ---------------------------------------------------------------------------------


def test_jsonl_with_broken_lines_keeps_the_others_and_names_file_and_line(tmp_path):
    corpus = tmp_path / "corpus.jsonl"
    lines = [
        json.dumps({"id": "a", "text": ARTICLE}),
        '{"id": "b", "text": "unterminated',
        "[1, 2, 3]",
        json.dumps({"id": "c", "body": "no text field"}),
        json.dumps({"id": "d", "text": 42}),
        "",
        json.dumps({"id": "e", "text": "Officials said it rained."}),
    ]
    corpus.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = invoke(corpus, "-f", "jsonl")
    assert result.exit_code == 1
    assert [r["id"] for r in records(result)] == ["a", "e"]
    lines = problems(result)
    assert lines[0].startswith(f"{corpus}:2: skipped: invalid JSON (Unterminated string")
    assert lines[1:] == [
        f"{corpus}:3: skipped: not a JSON object (found array)",
        f'{corpus}:4: skipped: no "text" field',
        f'{corpus}:5: skipped: "text" is not a string (found number)',
    ]
    assert summary(result) == {"documents": 2, "quotes": 3, "skipped": 4, "failed": 0}


def test_jsonl_output_stays_one_line_per_document_whatever_the_text(tmp_path):
    # U+2028, U+2029 and U+0085 are line breaks to str.splitlines(); JSON leaves them raw.
    # NEL ends a paragraph, so the quote carries over it the news way (“… NEL “…”).
    text = "“We are ready,\x85“really ready,” Mayor Daniel Okafor said.\u2028\u2029"
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text(
        json.dumps({"id": "a\u2028b", "text": text}) + "\n" + json.dumps({"text": ARTICLE}) + "\n",
        encoding="utf-8",
    )
    result = invoke(corpus, "-f", "jsonl")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert len(lines) == 2
    first, second = (json.loads(line) for line in lines)
    assert first["id"] == "a\u2028b"
    validate_record(first, text)
    assert "\x85" in first["quotes"][0]["text"]
    validate_record(second, ARTICLE)


# --- files that cannot be read -------------------------------------------------------------


def test_directory_with_unreadable_entries(tmp_path, monkeypatch):
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "a_good.txt").write_text(ARTICLE, encoding="utf-8")
    (folder / "b_locked.txt").write_text(ARTICLE, encoding="utf-8")
    (folder / "c_gone.txt").write_text(ARTICLE, encoding="utf-8")
    (folder / "d_failing.txt").write_text(ARTICLE, encoding="utf-8")
    (folder / "e_dangling.txt").symlink_to(tmp_path / "nowhere.txt")
    os.mkfifo(folder / "f_pipe.txt")  # would block a reader forever
    (folder / "g_folder.txt").mkdir()  # a directory where a file is expected: walked
    (folder / "g_folder.txt" / "inner.txt").write_text(ARTICLE, encoding="utf-8")
    real_open = Path.open

    class FailingRead:
        def __init__(self, stream):
            self.stream = stream

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.stream.close()

        def __getattr__(self, name):
            if name in ("read", "readline", "readinto", "__iter__"):
                raise OSError(5, "Input/output error")
            return getattr(self.stream, name)

    def fake_open(self, *args, **kwargs):
        if self.name == "b_locked.txt":
            raise PermissionError(13, "Permission denied", str(self))
        if self.name == "c_gone.txt":  # replaced by a directory between the walk and the read
            raise IsADirectoryError(21, "Is a directory", str(self))
        if self.name == "d_failing.txt":
            return FailingRead(real_open(self, *args, **kwargs))
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", fake_open)
    result = invoke(folder, "-f", "jsonl")
    assert result.exit_code == 1
    assert [r["id"] for r in records(result)] == [
        os.path.join(str(folder), "a_good.txt"),
        os.path.join(str(folder), "g_folder.txt", "inner.txt"),
    ]
    assert problems(result) == [
        f"{folder}/b_locked.txt: skipped: permission denied",
        f"{folder}/c_gone.txt: skipped: is a directory",
        f"{folder}/d_failing.txt: skipped: cannot read (Input/output error)",
        f"{folder}/e_dangling.txt: skipped: broken symbolic link",
        f"{folder}/f_pipe.txt: skipped: not a regular file",
    ]
    assert summary(result)["skipped"] == 5


def test_missing_paths_are_reported_and_the_rest_read(tmp_path, article):
    under_a_file = article / "more.txt"
    result = invoke(tmp_path / "nope.txt", under_a_file, article, "-f", "jsonl")
    assert result.exit_code == 1
    assert problems(result) == [
        f"{tmp_path / 'nope.txt'}: skipped: no such file or directory",
        f"{under_a_file}: skipped: not a directory",
    ]
    assert summary(result)["skipped"] == 2
    assert one_record(result)["id"] == str(article)


# --- fatal errors: exit 2, one line, before any work ---------------------------------------


@pytest.mark.parametrize("model", ["no_such_model", "DIR", "FILE", ""], ids=str.lower)
def test_unknown_model_is_one_line_and_exit_2(article, tmp_path, model):
    model = {"DIR": str(tmp_path), "FILE": str(article)}.get(model, model)
    result = invoke(article, "--model", model)
    assert result.exit_code == 2
    (line,) = stderr_lines(result)
    assert line.startswith(f"error: cannot load spaCy model {model!r}: ")
    assert result.stdout == ""


@pytest.mark.parametrize("where", ["directory", "under-a-file", "no-parent", "denied"])
def test_unwritable_output_is_one_line_and_exit_2(article, tmp_path, monkeypatch, where, no_model):
    target = {
        "directory": tmp_path,
        "under-a-file": article / "out.jsonl",
        "no-parent": tmp_path / "missing" / "out.jsonl",
        "denied": tmp_path / "out.jsonl",
    }[where]
    reason = {
        "directory": "is a directory",
        "under-a-file": "a parent is not a directory",
        "no-parent": "no such directory",
        "denied": "permission denied",
    }[where]
    if where == "denied":

        def deny(*args, **kwargs):
            raise PermissionError(13, "Permission denied", str(target))

        monkeypatch.setattr("quotes.output.tempfile.mkstemp", deny)
    result = invoke(article, "-f", "jsonl", "--output", target)
    assert result.exit_code == 2
    assert stderr_lines(result) == [f"error: cannot write output {str(target)!r}: {reason}"]


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full (Linux)")
def test_output_on_a_full_disk_is_one_line_and_exit_2(article):
    result = invoke(article, "-f", "jsonl", "--output", "/dev/full")
    assert result.exit_code == 2
    assert stderr_lines(result) == ["error: cannot write output: No space left on device"]


@pytest.mark.parametrize(
    "args",
    [
        ["--batch-size", "0"],
        ["--n-process", "-1"],
        ["--format", "xml"],
        ["--input-format", "pdf"],
        ["--no-such-option"],
    ],
    ids=["batch-size-0", "n-process-negative", "format-xml", "input-format-pdf", "unknown-option"],
)
def test_bad_usage_is_one_line_and_exit_2(article, args, no_model):
    result = invoke(article, *args)
    assert result.exit_code == 2
    (line,) = stderr_lines(result)
    assert line.startswith("error: ") and line.endswith(" extract --help')")


# --- hostile text in the table ---------------------------------------------------------------


def test_table_output_survives_markup_and_escape_sequences_in_the_input(tmp_path):
    corpus = tmp_path / "corpus.jsonl"
    evil = "“We are \x1b[2J\x1b]0;owned\x07 ready [/bold],” Mayor Daniel Okafor said."
    corpus.write_text(
        json.dumps({"id": "[/x] \x1b[31mred", "text": evil})
        + "\n"
        + json.dumps({"id": "next", "text": ARTICLE})
        + "\n",
        encoding="utf-8",
    )
    result = invoke(corpus)  # the default table
    assert result.exit_code == 0, result.stderr
    assert "\x1b" not in result.stdout and "\x07" not in result.stdout
    assert "[/x]" in result.stdout and "[/bold]" in result.stdout  # shown, not parsed
    assert "next — 2 quotes" in result.stdout


# --- the scale run: a directory of everything ----------------------------------------------


def test_mixed_directory_run_completes_reports_and_exits_1(tmp_path):
    folder = tmp_path / "crawl"
    (folder / "pages").mkdir(parents=True)
    (folder / "broken.txt").write_bytes(b"\x00\x01\x02 not text \x00")
    page = folder / "pages" / "bridge.html"
    page.write_text(NEWS_PAGE, encoding="utf-8")
    corpus = folder / "wire.jsonl"
    corpus.write_text(
        json.dumps({"id": "wire-1", "text": ARTICLE})
        + "\n"
        + json.dumps({"id": "wire-2", "text": "Officials said it rained."})
        + "\n",
        encoding="utf-8",
    )
    result = invoke(folder, "-f", "jsonl")
    assert result.exit_code == 1
    assert problems(result) == [f"{folder}/broken.txt: skipped: binary file (contains NUL bytes)"]
    counts = summary(result)
    assert (counts["documents"], counts["skipped"], counts["failed"]) == (3, 1, 0)
    found = records(result)
    assert [r["id"] for r in found] == [str(page), "wire-1", "wire-2"]
    html_record = found[0]
    text = html_record["text"]  # the article text the offsets refer to
    validate_record(html_record, text)
    assert "Home" not in text.split("\n") and "window.dataLayer" not in text
    assert {"Aisha Ramaswamy", "Daniel Okafor"} <= speakers(html_record)
    assert "text" not in found[1]
    validate_record(found[1], ARTICLE)


def test_no_network_access(tmp_path, article, monkeypatch):
    attempts = []

    def refuse(*args, **kwargs):
        attempts.append(args)
        raise OSError("network access attempted")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    page = tmp_path / "page.html"
    page.write_text(NEWS_PAGE, encoding="utf-8")
    for path in (page, article):
        result = invoke(path, "-f", "jsonl")
        assert result.exit_code == 0, result.stderr
        assert one_record(result)["quotes"]
    assert attempts == []


@pytest.mark.parametrize("progress", ["--no-progress", "--progress"])
def test_rules_failing_on_a_document_keep_its_record_and_the_run(tmp_path, monkeypatch, progress):
    import quotes.extractor

    real = quotes.extractor.extract_quotes

    def flaky(doc, *args):
        if "boom" in doc.text:
            raise RuntimeError("boom [/E999]")
        return real(doc, *args)

    monkeypatch.setattr(quotes.extractor, "extract_quotes", flaky)
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text(
        json.dumps({"id": "[/x] bad", "text": "It went boom, officials said."})
        + "\n"
        + json.dumps({"id": "good", "text": ARTICLE})
        + "\n",
        encoding="utf-8",
    )
    result = invoke(corpus, "-f", "jsonl", progress)
    assert result.exit_code == 1  # a document failed
    bad, good = records(result)
    assert bad == {"id": "[/x] bad", "quotes": [], "error": "RuntimeError: boom [/E999]"}
    validate_record(good, ARTICLE)
    lines = [line for line in result.stderr.split("\n") if line.strip()]  # (progress: blanks)
    assert lines[:-1] == ["[/x] bad: warning: extraction failed: RuntimeError: boom [/E999]"]
    counts = SUMMARY.fullmatch(lines[-1])
    assert counts and counts["documents"] == "2" and counts["failed"] == "1"


# === Reliability II: the red team's reproductions (issue 13), one test each ===================


def run_cli(*args, stdin=None, **kwargs) -> subprocess.CompletedProcess:
    """The real command in a subprocess (signals, closed descriptors, real pipes)."""
    return subprocess.run(
        [*QUOTES, "extract", *map(str, args)],
        stdin=stdin if stdin is not None else subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
        **kwargs,
    )


def write_jsonl(path: Path, items: list[dict]) -> Path:
    path.write_text("".join(json.dumps(i) + "\n" for i in items), encoding="utf-8")
    return path


def corpus_of(path: Path, n: int, text: str = ARTICLE) -> Path:
    return write_jsonl(path, [{"id": f"doc-{k:04d}", "text": text} for k in range(n)])


# --- 1. an integer of more than 4,300 digits -------------------------------------------------

BIG = "9" * 5000


def test_01_jsonl_integer_beyond_4300_digits_costs_nothing(tmp_path):
    corpus = tmp_path / "big.jsonl"
    corpus.write_text(
        '{"id": ' + BIG + ', "text": "x"}\n'
        '{"id": "a", "text": ' + json.dumps(ARTICLE) + ', "n": ' + BIG + "}\n"
        '{"id": "b", "text": ' + BIG + "}\n",
        encoding="utf-8",
    )
    result = invoke(corpus, "-f", "jsonl")
    assert result.exit_code == 1
    first, second = records(result)
    assert first == {"id": BIG, "quotes": []}  # the id as its digits, like any number id
    assert second["id"] == "a" and speakers(second) == {"Daniel Okafor"}
    assert problems(result) == [f'{corpus}:3: skipped: "text" is not a string (found number)']


def test_01_evaluate_and_dask_read_an_integer_beyond_4300_digits(tmp_path):
    gold = tmp_path / "gold.jsonl"
    gold.write_text('{"id": "a", "text": "x", "quotes": [], "n": ' + BIG + "}\n", "utf-8")
    result = runner.invoke(app, ["evaluate", str(gold), "--predictions", str(gold)])
    assert result.exit_code == 2
    assert stderr_lines(result) == [f"error: {gold}:1: invalid JSON: a number too long to read"]
    dask = pytest.importorskip("dask")
    from quotes.dask import read_jsonl_bag

    corpus = tmp_path / "big.jsonl"
    corpus.write_text(
        '{"id": ' + BIG + ', "text": "x"}\n{"id": "a", "text": "y"}\n', encoding="utf-8"
    )
    docs, found = read_jsonl_bag(str(corpus))
    documents, issues = dask.compute(docs, found, scheduler="sync")
    assert [d.id for d in documents] == [BIG, "a"] and issues == []


# --- 2. lone surrogates ----------------------------------------------------------------------

SURROGATE_TEXT = "“We are \ud83d ready,” Mayor Daniel Okafor said.\nHe said \ud800 it rained."


@pytest.mark.parametrize("fmt", ["jsonl", "json", "csv", "table", "html"])
def test_02_lone_surrogate_in_jsonl_text(tmp_path, fmt):
    corpus = tmp_path / "js.jsonl"
    corpus.write_text(  # json.dumps writes the surrogates as \ud83d escapes, as JavaScript does
        json.dumps({"id": "s\udc80", "text": SURROGATE_TEXT})
        + "\n"
        + json.dumps({"text": ARTICLE})
        + "\n",
        encoding="utf-8",
    )
    result = invoke(corpus, "-f", fmt)
    assert result.exit_code == 0, result.stderr
    assert problems(result) == []
    assert summary(result)["documents"] == 2
    if fmt == "jsonl":  # exact: the surrogates come back as escapes, offsets true
        first, second = records(result)
        assert first["id"] == "s\udc80"
        validate_record(first, SURROGATE_TEXT)
        assert speakers(first) == {"Daniel Okafor"} and "\ud83d" in first["quotes"][0]["text"]
        validate_record(second, ARTICLE)


def test_02_lone_surrogate_through_the_api():
    assert quotes.extract("\ud800") == []
    found = quotes.extract(SURROGATE_TEXT)
    assert {q.speaker.name for q in found if q.speaker} == {"Daniel Okafor"}
    for q in found:
        assert SURROGATE_TEXT[q.start : q.end] == q.text


# --- 3. deeply nested JSON for quotes evaluate -----------------------------------------------


def test_03_evaluate_deeply_nested_json_is_one_line(tmp_path):
    gold = tmp_path / "gold.jsonl"
    gold.write_text("[" * 100_000 + "\n", encoding="utf-8")
    result = runner.invoke(app, ["evaluate", str(gold), "--predictions", str(gold)])
    assert result.exit_code == 2
    assert stderr_lines(result) == [f"error: {gold}:1: invalid JSON: nested too deeply"]


# --- 4. an HTML page declaring a codec that is no text encoding ------------------------------


@pytest.mark.parametrize(
    "codec", ["hex", "base64", "zlib", "rot13", "undefined", "idna", "punycode", "utf-7"]
)
def test_04_html_declaring_a_non_text_codec(tmp_path, article, codec):
    page = tmp_path / "z_page.html"
    page.write_bytes(
        f'<html><head><meta charset="{codec}"></head><body><p>'.encode()
        + b"Caf\xe9 \xff "
        + "“We are not going to take any chances,” Mayor Daniel Okafor said.</p></body>".encode()
        + b"</html>"
    )
    result = invoke(article, page, "-f", "jsonl")  # the file read before it keeps its record
    assert result.exit_code == 0
    first, second = records(result)
    assert first["id"] == str(article) and speakers(first) == {"Daniel Okafor"}
    assert second["id"] == str(page) and speakers(second) == {"Daniel Okafor"}
    validate_record(second, second["text"])
    (line,) = problems(result)
    assert line.startswith(f"{page}: warning: invalid UTF-8 at byte")


# --- 5. /dev/zero, and the size limit --------------------------------------------------------


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")
@pytest.mark.parametrize("kind", ["auto", "jsonl", "html", "text"])
def test_05_dev_zero_as_a_file_is_skipped_at_once(tmp_path, article, kind):
    other = article
    if kind == "jsonl":
        other = write_jsonl(tmp_path / "c.jsonl", [{"id": str(article), "text": ARTICLE}])
    result = invoke("/dev/zero", other, "-f", "jsonl", "--input-format", kind)
    assert result.exit_code == 1
    (line,) = problems(result)
    assert line.startswith("/dev/zero") and "binary" in line and "NUL" in line
    assert [r["id"] for r in records(result)] == [str(article)]


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")
def test_05_dev_zero_as_standard_input_is_skipped_at_once():
    with open("/dev/zero", "rb") as zero:
        proc = run_cli("-f", "jsonl", stdin=zero)
    assert proc.returncode == 1, proc.stderr
    assert proc.stdout == ""
    lines = stderr_lines(proc.stderr)
    assert lines[0] == "-: skipped: binary file (contains NUL bytes)"
    assert SUMMARY.fullmatch(lines[-1]) and len(lines) == 2


def test_05_documents_and_lines_beyond_the_size_limit_are_skipped_unread(tmp_path, article):
    big = tmp_path / "big.txt"
    big.write_text("word " * 400, encoding="utf-8")  # 2,000 bytes
    corpus = tmp_path / "corpus.jsonl"
    long_line = json.dumps({"id": "long", "text": "word " * 400})
    corpus.write_text(long_line + "\n" + json.dumps({"id": "short", "text": "Hi."}) + "\n")
    result = invoke(big, corpus, article, "-f", "jsonl", "--max-size", "1kB")
    assert result.exit_code == 1
    assert problems(result) == [
        f"{big}: skipped: larger than 1 kB (the size limit)",
        f"{corpus}:1: skipped: line longer than 1 kB",
    ]
    assert [r["id"] for r in records(result)] == ["short", str(article)]


def test_05_a_bad_size_limit_is_bad_usage(article, no_model):
    result = invoke(article, "--max-size", "lots")
    assert result.exit_code == 2
    (line,) = stderr_lines(result)
    assert "--max-size" in line and "not a size" in line


# --- 6. standard output closed ---------------------------------------------------------------


def test_06_closed_standard_output_is_one_line_and_exit_2(article):
    proc = run_cli(article, "-f", "jsonl", preexec_fn=lambda: os.close(1))
    assert proc.returncode == 2
    assert stderr_lines(proc.stderr) == [
        "error: cannot write output: standard output is closed (use --output)"
    ]


# --- 7. interrupted runs: SIGTERM with workers, SIGINT; the finished part kept ----------------


def _interrupt(tmp_path: Path, sig: int, n_process: int, fmt: str):
    corpus = corpus_of(tmp_path / "corpus.jsonl", 600)
    out = tmp_path / f"out.{fmt}"
    out.write_text("earlier results\n", encoding="utf-8")
    args = [corpus, "-f", fmt, "-o", out, "-n", n_process, "--batch-size", 4]
    proc = subprocess.Popen(
        [*QUOTES, "extract", *map(str, args)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        while proc.poll() is None:  # until some documents are in the temporary file
            written = [p for p in tmp_path.glob(f".out.{fmt}.*.tmp") if p.stat().st_size > 0]
            if written:
                break
            time.sleep(0.05)
        assert proc.poll() is None, proc.communicate()
        proc.send_signal(sig)
        stdout, stderr = proc.communicate(timeout=300)
    finally:
        proc.kill()
    return proc.returncode, stdout, stderr, out


@pytest.mark.parametrize(
    "sig, code, n_process, fmt",
    [
        pytest.param(signal.SIGTERM, 143, 2, "jsonl", marks=pytest.mark.cluster, id="term-n2"),
        pytest.param(signal.SIGINT, 130, 1, "json", id="int-n1"),
    ],
)
def test_07_interrupted_run_is_quiet_and_keeps_what_it_finished(
    tmp_path, sig, code, n_process, fmt
):
    returncode, stdout, stderr, out = _interrupt(tmp_path, sig, n_process, fmt)
    assert returncode == code
    assert "Traceback" not in stderr and "Error" not in stderr, stderr
    (line,) = stderr_lines(stderr)
    match = re.fullmatch(
        rf"stopped: (\d+) documents? written to (.+); {re.escape(str(out))} left as it was", line
    )
    assert match, line
    assert out.read_text(encoding="utf-8") == "earlier results\n"  # the old file whole
    partial = Path(match[2])
    assert partial == out.with_name(out.name + ".partial")
    text = partial.read_text(encoding="utf-8")
    found = json.loads(text) if fmt == "json" else [json.loads(x) for x in text.splitlines()]
    assert len(found) == int(match[1]) > 0
    assert [r["id"] for r in found] == [f"doc-{k:04d}" for k in range(len(found))]
    for record in found:
        validate_record(record, ARTICLE)


# --- 8, 9, 10. the output is never an input, never read back, never emptied for nothing -------


def test_08_output_naming_an_input_is_refused(tmp_path, article, no_model):
    before = article.read_text(encoding="utf-8")
    link = tmp_path / "link.txt"
    link.symlink_to(article)
    for output in (article, link, tmp_path / "." / "article.txt"):
        result = invoke(article, "-f", "jsonl", "-o", output)
        assert result.exit_code == 2
        assert stderr_lines(result) == [
            f"error: output {str(output)!r} is also an input: choose another --output"
        ]
    assert article.read_text(encoding="utf-8") == before


@pytest.mark.parametrize("fmt", ["jsonl", "html"])
def test_09_output_inside_a_walked_directory_is_never_read(tmp_path, fmt):
    folder = tmp_path / "news"
    folder.mkdir()
    for n in range(3):
        (folder / f"a{n}.txt").write_text(ARTICLE, encoding="utf-8")
    out = folder / f"out.{fmt}"
    for _ in range(2):  # the second run finds the first one's output in the directory
        result = invoke(folder, "-f", fmt, "-o", out)
        assert result.exit_code == 0, result.stderr
        assert problems(result) == []
        assert summary(result)["documents"] == 3
    assert not list(folder.glob(".*"))  # no temporary file left behind
    if fmt == "jsonl":
        lines = out.read_text(encoding="utf-8").splitlines()
        assert [json.loads(x)["id"] for x in lines] == [str(folder / f"a{n}.txt") for n in range(3)]


def test_09_an_html_site_inside_a_walked_directory_is_never_read(tmp_path):
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "a.txt").write_text(ARTICLE, encoding="utf-8")
    site = folder / "site"
    for _ in range(2):
        result = invoke(folder, "-f", "html", "-o", site)
        assert result.exit_code == 0 and summary(result)["documents"] == 1
    pages = sorted(p.name for p in site.iterdir())
    assert len(pages) == 2 and pages[0].endswith("-a.txt.html") and pages[1] == "index.html"


def test_10_typo_in_an_input_keeps_the_earlier_results(tmp_path):
    previous = tmp_path / "prev.jsonl"
    previous.write_text('{"id": "earlier", "quotes": []}\n', encoding="utf-8")
    result = invoke(tmp_path / "artcle.txt", "-f", "jsonl", "-o", previous)
    assert result.exit_code == 1
    assert problems(result) == [
        f"{tmp_path / 'artcle.txt'}: skipped: no such file or directory",
        f"no document was written: {str(previous)!r} left as it was",
    ]
    assert previous.read_text(encoding="utf-8") == '{"id": "earlier", "quotes": []}\n'
    assert sorted(p.name for p in tmp_path.iterdir()) == ["prev.jsonl"]


def test_10_a_run_that_writes_replaces_the_file_keeping_its_mode(tmp_path, article):
    previous = tmp_path / "prev.jsonl"
    previous.write_text("earlier\n", encoding="utf-8")
    previous.chmod(0o640)
    result = invoke(article, "-f", "jsonl", "-o", previous)
    assert result.exit_code == 0
    assert json.loads(previous.read_text(encoding="utf-8"))["id"] == str(article)
    assert previous.stat().st_mode & 0o777 == 0o640
    assert SUMMARY.fullmatch(stderr_lines(result)[-1])[0].endswith(f"; written to {previous}")


# --- 11, 12, 13, 16. the API: bad arguments, failures, generators ------------------------------


@pytest.mark.parametrize("kwargs", [{"batch_size": 0}, {"batch_size": -1}, {"n_process": 0}])
def test_11_extract_many_refuses_batch_size_or_n_process_below_1(kwargs):
    with pytest.raises(ValueError, match="must be at least 1"):
        quotes.extract_many(["text"], **kwargs)  # at once, not when iterated


@pytest.mark.parametrize(
    "item, words",
    [(("id", None), "item 1 ('id', None)"), (("id",), "item 1 ('id',)"), (42, "item 1 42")],
)
def test_11_items_that_are_no_documents_raise_a_type_error_naming_them(item, words):
    found = []
    with pytest.raises(TypeError, match=re.escape(words)):
        found.extend(quotes.extract_many(["Officials said it rained.", item]))
    assert [r.id for r in found] == ["0"]  # the document before it was not lost


def test_11_ids_that_are_lists_or_objects_are_their_json_text(tmp_path):
    items = [{"id": ["a", 1], "text": "x"}, {"id": {"k": "v"}, "text": "x"}, (7, "x")]
    assert [r.id for r in quotes.extract_many(items)] == ['["a", 1]', '{"k": "v"}', "7"]
    corpus = write_jsonl(tmp_path / "c.jsonl", items[:2])
    assert [r["id"] for r in records(invoke(corpus, "-f", "jsonl"))] == ['["a", 1]', '{"k": "v"}']


def test_12_extract_raises_when_the_rules_fail_and_extract_many_keeps_the_error(monkeypatch):
    import quotes.extractor

    def broken(doc, *args):
        raise RuntimeError("boom")

    monkeypatch.setattr(quotes.extractor, "extract_quotes", broken)
    with pytest.raises(quotes.ExtractionError, match="RuntimeError: boom"):
        quotes.extract("“We are ready,” said John Kirby.")
    (result,) = quotes.extract_many(["“We are ready,” said John Kirby."])
    assert result.quotes == () and result.error == "RuntimeError: boom"


@pytest.mark.parametrize(
    "n_process", [1, pytest.param(2, marks=pytest.mark.cluster)], ids=["n1", "n2"]
)
@pytest.mark.parametrize("count", [2, 70])
def test_13_a_generator_that_raises_midway_loses_no_document(n_process, count):
    def items():
        for n in range(count):
            yield f"“Plan {n} is ready,” Mayor Daniel Okafor said."
        raise OSError("the feed broke")

    found = []
    with pytest.raises(OSError, match="the feed broke"):
        found.extend(quotes.extract_many(items(), n_process=n_process, batch_size=32))
    assert [r.id for r in found] == [str(n) for n in range(count)]
    assert all(len(r.quotes) == 1 for r in found)


def test_16_max_length_below_1_is_refused(nlp, monkeypatch):
    for bad in (0, -5):
        with pytest.raises(ValueError, match="max_length must be at least 1"):
            quotes.load(max_length=bad)
        with pytest.raises(ValueError, match="at least 1 character"):
            list(quotes.split_text("some text", bad))
    monkeypatch.setattr(nlp, "max_length", 0)  # set by hand: refused, not an endless loop
    with pytest.raises(ValueError, match="at least 1 character"):
        list(quotes.extract_many(["some text"], nlp=nlp))


# --- 14. a CR-only JSONL file ----------------------------------------------------------------


@pytest.mark.parametrize("name", ["cr.jsonl", "cr.data"], ids=["jsonl", "sniffed"])
def test_14_cr_only_jsonl_file_is_three_documents(tmp_path, name):
    corpus = tmp_path / name
    lines = [json.dumps({"id": k, "text": ARTICLE.replace("\n", " ")}) for k in "abc"]
    corpus.write_text("\r".join(lines) + "\r", encoding="utf-8", newline="")
    result = invoke(corpus, "-f", "jsonl")
    assert result.exit_code == 0 and problems(result) == []
    assert [(r["id"], len(r["quotes"])) for r in records(result)] == [("a", 2), ("b", 2), ("c", 2)]


def test_14_a_cr_only_corpus_larger_than_the_size_limit_is_read_record_by_record(tmp_path):
    corpus = tmp_path / "cr.jsonl"
    lines = [json.dumps({"id": f"r{k}", "text": "Officials said it rained."}) for k in range(40)]
    corpus.write_text("\r".join(lines) + "\r", encoding="utf-8", newline="")
    assert corpus.stat().st_size > 2_000
    result = invoke(corpus, "-f", "jsonl", "--max-size", "1kB")
    assert result.exit_code == 0 and problems(result) == []
    assert [r["id"] for r in records(result)] == [f"r{k}" for k in range(40)]


def test_14_a_raw_cr_inside_a_string_stays_one_record(tmp_path):
    corpus = tmp_path / "c.jsonl"
    corpus.write_text('{"id": "a", "text": "one\rtwo"}\r\n{"id": "b", "text": "x"}\r\n', "utf-8")
    result = invoke(corpus, "-f", "jsonl")
    assert result.exit_code == 0 and [r["id"] for r in records(result)] == ["a", "b"]


# --- 15. a worker that dies ------------------------------------------------------------------


@pytest.mark.cluster
def test_15_a_dead_worker_neither_hangs_the_run_nor_loses_documents(monkeypatch):
    import quotes.parallel

    real = quotes.parallel._parse

    def deadly(nlp, texts, batch_size):  # the OOM killer, in the forked worker
        if any("KILL" in t for t in texts):
            os.kill(os.getpid(), signal.SIGKILL)
        return real(nlp, texts, batch_size)

    monkeypatch.setattr(quotes.parallel, "_parse", deadly)
    texts = [f"“Plan {n} is ready,” Mayor Daniel Okafor said." for n in range(40)]
    texts[13] = "KILL, the officials said."
    found = list(quotes.extract_many(texts, n_process=2, batch_size=4))
    assert [r.id for r in found] == [str(n) for n in range(40)]
    assert [r.id for r in found if r.error] == ["13"]
    assert found[13].error == quotes.parallel.DIED
    assert all(len(r.quotes) == 1 for n, r in enumerate(found) if n != 13)


# --- 17, 18. linear time: shapes, counted without a clock ----------------------------------


class CountingList(list):
    """A list that counts the elements its scans and slices touch."""

    touched = 0

    def __iter__(self):
        CountingList.touched += len(self)
        return super().__iter__()

    def __contains__(self, item):
        CountingList.touched += len(self)
        return super().__contains__(item)

    def index(self, *args):
        CountingList.touched += len(self)
        return super().index(*args)

    def __getitem__(self, key):
        CountingList.touched += len(range(*key.indices(len(self)))) if isinstance(key, slice) else 1
        return super().__getitem__(key)


def _fallback_work(html: str) -> int:
    from quotes.readers import html as readers_html

    parser = readers_html._TextExtractor()
    parser.skipping = CountingList()
    CountingList.touched = 0
    parser.feed(html)
    parser.close()
    return CountingList.touched + len(html)


@pytest.mark.parametrize(
    "shape",
    [
        lambda n: "<html>" + "<nav>" * n + "<body>" * n + "</html>",
        lambda n: "<html><body>" + "<nav>" * n + "</span>" * n + "</html>",
        lambda n: "<html><body>" + "<svg>" * n + "x" + "</svg>" * n + "</html>",
        lambda n: "<html>" + "<nav>" * n + "<head><body>" * n + "</html>",
    ],
    ids=["bodies", "stray-closing", "nested-skipped", "heads"],
)
def test_18_html_fallback_work_grows_linearly(shape):
    work = [_fallback_work(shape(n)) for n in (1000, 2000, 4000)]
    assert all(b / a <= 2.3 for a, b in zip(work, work[1:], strict=False)), work


def test_18_html_fallback_still_drops_what_is_not_text():
    from quotes.readers.html import _html_to_text_stdlib as fallback

    page = "<html><head><title>T</title><nav>menu<body><p>Hi</p><svg>x</svg><p>there</p>"
    assert fallback(page) == "Hi\nthere"


def _calls_in_our_code(nlp, text: str) -> int:
    """Python calls (and generator resumptions) in quotes/ while our component runs on the
    parsed text: an operation count that a scan back over the line for each span would
    square."""
    package = str(Path(quotes.__file__).parent)
    with nlp.select_pipes(disable=["quotes"]):
        doc = nlp(text)
    component = nlp.get_pipe("quotes")
    calls = 0

    def count(frame, event, arg):
        nonlocal calls
        if event == "call" and frame.f_code.co_filename.startswith(package):
            calls += 1

    sys.setprofile(count)
    try:
        component(doc)
    finally:
        sys.setprofile(None)
    assert doc._.quote_error is None
    return calls


def test_17_many_quoted_spans_on_one_line_cost_linear_work(nlp):
    work = [_calls_in_our_code(nlp, '"a" ' * n) for n in (250, 500, 1000)]
    assert all(b / a <= 2.3 for a, b in zip(work, work[1:], strict=False)), work


# Many short quotes, each with its cue: the assembly once looked at every cue and every kept
# quote for each quotation (3.5-3.9× the calls per doubling; 8.2 s for 3,100 quotes).
DENSE_SHAPES = {
    "one-paragraph": "“Yes,” she said. “No,” he said. ",
    "a-quote-per-line": "“Yes,” she said.\n“No,” he said.\n",
}


@pytest.mark.parametrize("unit", DENSE_SHAPES.values(), ids=DENSE_SHAPES.keys())
def test_17_many_short_quotes_with_cues_cost_linear_work(nlp, unit):
    work = [_calls_in_our_code(nlp, unit * n) for n in (50, 100, 200)]
    assert all(b / a <= 2.3 for a, b in zip(work, work[1:], strict=False)), work


def test_17_a_speaker_mention_looks_only_at_the_words_around_it(nlp, monkeypatch):
    """The tokens a quote's speaker may not take (quoted words, datelines) are handed to the
    mention finder for its neighbourhood only, not the whole document's each time."""
    import quotes.extractor

    handed: list[int] = []
    real = quotes.extractor.mention_extent

    def counting(tok, forbidden=()):
        forbidden = list(forbidden)
        handed.append(len(forbidden))
        return real(tok, forbidden)

    monkeypatch.setattr(quotes.extractor, "mention_extent", counting)
    work = []
    for n in (50, 100, 200):
        handed.clear()
        assert len(quotes.extract(DENSE_SHAPES["one-paragraph"] * n, nlp=nlp)) == 2 * n
        assert len(handed) == 2 * n  # a mention looked for at each quote's "she" or "he"
        work.append(sum(handed) + len(handed))
    assert all(b / a <= 2.3 for a, b in zip(work, work[1:], strict=False)), work


def _drop_overlaps_pairwise(drafts):
    """The reference: the longer of two overlapping drafts is kept, comparing every pair."""
    kept = []
    for d in sorted(drafts, key=lambda d: (-d.size, d.start)):
        if all(not d.overlaps(k) for k in kept):
            kept.append(d)
    return sorted(kept, key=lambda d: d.start)


def test_17_dropping_overlaps_by_bisection_keeps_what_every_pair_compared_keeps():
    import random

    from quotes.assemble import _drop_overlaps
    from quotes.rules.draft import Draft

    rng = random.Random(17)
    for _ in range(300):
        drafts = []
        for _ in range(rng.randint(0, 12)):
            # sorted cut points, repeats allowed: pieces may touch or be empty
            cuts = sorted(rng.choices(range(60), k=2 * rng.randint(1, 3)))
            pieces = tuple(zip(cuts[::2], cuts[1::2], strict=True))
            drafts.append(Draft(pieces, "direct", "direct:test"))
        drafts.sort(key=lambda d: d.start)
        assert _drop_overlaps(drafts) == _drop_overlaps_pairwise(drafts), drafts


# --- 19. threads -----------------------------------------------------------------------------


def test_19_four_threads_on_the_shared_pipeline_give_the_single_thread_answers(nlp):
    import threading

    text = (ROOT_EXAMPLE.read_text(encoding="utf-8") + "\n") * 2
    texts = [text[: 300 + 67 * k] for k in range(25)]
    want = [[q.to_dict() for q in quotes.extract(t)] for t in texts]
    assert sum(map(len, want)) > 100
    wrong: list[object] = []

    def work(k: int) -> None:
        for j in range(50):
            i = (j * 7 + k) % len(texts)
            try:
                if [q.to_dict() for q in quotes.extract(texts[i])] != want[i]:
                    wrong.append(("different", i))
            except Exception as exc:
                wrong.append(exc)

    threads = [threading.Thread(target=work, args=(k,)) for k in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert wrong == []


# --- 20. names and ids that would act on a terminal ------------------------------------------


def test_20_paths_and_ids_with_controls_stay_one_line_on_stderr(tmp_path, monkeypatch):
    import quotes.extractor

    evil = tmp_path / "a\nb\x1b[2J\x1b]0;title\x07\u202efdp.txt"
    evil.write_bytes(b"\x00binary")
    real = quotes.extractor.extract_quotes

    def flaky(doc, *args):
        if "boom" in doc.text:
            raise RuntimeError("boom\nsecond line")
        return real(doc, *args)

    monkeypatch.setattr(quotes.extractor, "extract_quotes", flaky)
    corpus = write_jsonl(tmp_path / "c.jsonl", [{"id": "x\ny\u202e\x1b[31m", "text": "boom"}])
    result = invoke(evil, corpus, "-f", "jsonl")
    assert result.exit_code == 1
    escaped = str(tmp_path) + "/a\\nb\\x1b[2J\\x1b]0;title\\x07\\u202efdp.txt"
    assert problems(result) == [
        f"{escaped}: skipped: binary file (contains NUL bytes)",
        "x\\ny\\u202e\\x1b[31m: warning: extraction failed: RuntimeError: boom\\nsecond line",
    ]
    assert "\x1b" not in result.stderr and "\u202e" not in result.stderr
    assert records(result)[0]["id"] == "x\ny\u202e\x1b[31m"  # the data stays exact


def test_20_the_table_neutralises_bidi_controls(tmp_path):
    corpus = write_jsonl(
        tmp_path / "c.jsonl",
        [{"id": "\u202eevil", "text": "“We are \u202eydaer,” Mayor Daniel Okafor said."}],
    )
    result = invoke(corpus)
    assert result.exit_code == 0
    assert "\u202e" not in result.stdout and "\ufffdevil" in result.stdout


# --- 21. CSV injection -----------------------------------------------------------------------


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_21_csv_cells_that_start_like_formulas_get_a_leading_quote(tmp_path, start):
    doc_id = f'{start}HYPERLINK("http://x.example","click")'
    text = f"{start}cmd said the vote was rigged, Mayor Daniel Okafor said."
    corpus = write_jsonl(tmp_path / "c.jsonl", [{"id": doc_id, "text": text}])
    result = invoke(corpus, "-f", "csv")
    assert result.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert rows and all(row["id"] == "'" + doc_id for row in rows)
    for row in rows:
        for name, cell in row.items():
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), (name, cell)
    exact = one_record(invoke(corpus, "-f", "jsonl"))  # JSON and JSONL stay exact
    assert exact["id"] == doc_id
    validate_record(exact, text)


def test_21_a_cell_holding_a_carriage_return_stays_in_its_row(tmp_path):
    text = "“We are ready to rebuild the school.\r“And we will,” Mayor Daniel Okafor said.\r"
    corpus = write_jsonl(tmp_path / "c.jsonl", [{"id": "a", "text": text}])
    (record,) = records(invoke(corpus, "-f", "jsonl"))
    assert any("\r" in q["text"] for q in record["quotes"])  # a quote over two paragraphs
    rows = list(csv.DictReader(io.StringIO(invoke(corpus, "-f", "csv").stdout, newline="")))
    assert [row["quote"] for row in rows] == [q["text"] for q in record["quotes"]]


# --- the run loop: exit codes, the per-document guard, closed pipes ---------------------------


def test_an_error_of_ours_outside_any_document_is_one_line_and_exit_3(article, monkeypatch):
    import quotes.writers

    def broken_close(self):
        raise ValueError("the writer broke")

    monkeypatch.setattr(quotes.writers.JsonlWriter, "close", broken_close)
    result = invoke(article, "-f", "jsonl")
    assert result.exit_code == 3
    (line,) = stderr_lines(result)
    assert line.startswith("error: internal error: ValueError: the writer broke (this is a bug")
    assert "report" in line


def test_a_record_the_writer_fails_on_becomes_an_error_record(tmp_path, monkeypatch):
    import quotes.writers

    real = quotes.writers.JsonlWriter.write

    def picky(self, result):
        if result.id == "b" and not result.error:
            raise KeyError("cannot write this one")
        real(self, result)

    monkeypatch.setattr(quotes.writers.JsonlWriter, "write", picky)
    corpus = write_jsonl(tmp_path / "c.jsonl", [{"id": k, "text": ARTICLE} for k in "abc"])
    result = invoke(corpus, "-f", "jsonl")
    assert result.exit_code == 1
    a, b, c = records(result)
    assert b == {
        "id": "b",
        "quotes": [],
        "error": "cannot write its record: KeyError: 'cannot write this one'",
    }
    assert len(a["quotes"]) == len(c["quotes"]) == 2
    assert problems(result) == [
        "b: warning: extraction failed: cannot write its record: KeyError: 'cannot write this one'"
    ]


@pytest.mark.parametrize("fmt", ["table", "jsonl", "csv"])
def test_output_into_a_pipe_closed_early_ends_quietly_with_0(tmp_path, fmt):
    corpus = corpus_of(tmp_path / "corpus.jsonl", 300, "“Yes,” she said. " * 20)
    proc = subprocess.Popen(
        [*QUOTES, "extract", str(corpus), "-f", fmt],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdout is not None and proc.stdout.readline()
    proc.stdout.close()  # `| head -1`
    stderr = proc.communicate(timeout=600)[1].decode()
    assert proc.returncode == 0
    # nothing but, when the last write went through whole (one page), the summary line
    assert all(SUMMARY.fullmatch(line) for line in stderr_lines(stderr)), stderr


def test_standard_input_from_a_terminal_gets_a_hint(monkeypatch, article):
    import quotes.run

    class Terminal(io.BytesIO):
        def isatty(self):
            return True

    hints = []
    monkeypatch.setattr(quotes.run, "err", lambda m: hints.append(m))
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(Terminal(b"")))
    quotes.run._hint_stdin([])
    quotes.run._hint_stdin(["-"])
    quotes.run._hint_stdin([str(article)])
    assert len(hints) == 2 and hints[0].startswith("reading standard input")


def test_a_long_text_is_cut_at_any_kind_of_line_break(monkeypatch):
    monkeypatch.setattr(quotes.api, "WHOLE_CHARS", 3_000)
    monkeypatch.setattr(quotes.api, "PIECE_CHARS", 500)
    for br in ("\r", "\u2029", "\r\n", "\x85"):
        text = br.join(f"“Plan {n} is ready,” Mayor Daniel Okafor said." for n in range(200))
        (result,) = quotes.extract_many([text])
        assert len(result.quotes) == 200, repr(br)
        for q in result.quotes:
            assert text[q.start : q.end] == q.text
