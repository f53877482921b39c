"""The bad-input table: what `quotes extract` does with each kind of bad input, end to end.

Every row runs the real command line (typer's CliRunner on ``quotes.cli.app``) and checks the
behaviour, the exit code and standard error: one clear line per problem, never a traceback.
Unreadable files are simulated (tests run as root, where chmod cannot deny a read), never
skipped. The README's table lists the same rows.
"""

from __future__ import annotations

import json
import os
import socket
from pathlib import Path

import pytest
from contract import validate_record
from typer.testing import CliRunner

import quotes.api
import quotes.pipeline
from quotes.cli import app

runner = CliRunner()

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
    lines = result.stderr.split("\n")
    assert lines[-1] == "", "stderr ends with a newline"
    lines = lines[:-1]
    assert all(line.strip() for line in lines), result.stderr
    return lines


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
    assert result.stderr == ""


def test_binary_file_is_skipped_with_one_line_and_the_rest_read(tmp_path, article):
    binary = tmp_path / "photo.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00" + bytes(range(256)))
    result = invoke(binary, article, "-f", "jsonl")
    assert result.exit_code == 1
    assert stderr_lines(result) == [
        f"{binary}: skipped: binary file (contains NUL bytes)",
        "1 input skipped",
    ]
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
    (line,) = stderr_lines(result)
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
    assert result.exit_code == 0 and result.stderr == ""
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
    assert result.exit_code == 0 and result.stderr == ""
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
    assert result.exit_code == 0 and result.stderr == ""
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
    assert result.exit_code == 0 and result.stderr == ""
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
    problems = stderr_lines(result)
    assert problems[0].startswith(f"{corpus}:2: skipped: invalid JSON (Unterminated string")
    assert problems[1:] == [
        f"{corpus}:3: skipped: not a JSON object (found array)",
        f'{corpus}:4: skipped: no "text" field',
        f'{corpus}:5: skipped: "text" is not a string (found number)',
        "4 inputs skipped",
    ]


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
    assert stderr_lines(result) == [
        f"{folder}/b_locked.txt: skipped: permission denied",
        f"{folder}/c_gone.txt: skipped: is a directory",
        f"{folder}/d_failing.txt: skipped: cannot read (Input/output error)",
        f"{folder}/e_dangling.txt: skipped: broken symbolic link",
        f"{folder}/f_pipe.txt: skipped: not a regular file",
        "5 inputs skipped",
    ]


def test_missing_paths_are_reported_and_the_rest_read(tmp_path, article):
    under_a_file = article / "more.txt"
    result = invoke(tmp_path / "nope.txt", under_a_file, article, "-f", "jsonl")
    assert result.exit_code == 1
    assert stderr_lines(result) == [
        f"{tmp_path / 'nope.txt'}: skipped: no such file or directory",
        f"{under_a_file}: skipped: not a directory",
        "2 inputs skipped",
    ]
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

        monkeypatch.setattr("quotes.cli.open", deny, raising=False)
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
    assert stderr_lines(result) == [
        f"{folder}/broken.txt: skipped: binary file (contains NUL bytes)",
        "1 input skipped",
    ]
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
    assert result.exit_code == 0
    bad, good = records(result)
    assert bad == {"id": "[/x] bad", "quotes": [], "error": "RuntimeError: boom [/E999]"}
    validate_record(good, ARTICLE)
    lines = [line for line in result.stderr.split("\n") if line.strip()]  # (progress: blanks)
    assert lines == ["[/x] bad: warning: quote rules failed: RuntimeError: boom [/E999]"]
