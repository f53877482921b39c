"""The HTML view: markup of quotes, speakers and cues, escaping, nesting, reports and sites."""

from __future__ import annotations

import copy
import io
import re
from pathlib import Path

import pytest
from html_dom import Node, parse, parse_strict
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

import quotes
from quotes.cli import app
from quotes.html import HtmlWriter, file_name, render, render_fragment, render_report, write_site
from quotes.html.palette import NO_SPEAKER, PALETTE, TEXT, assign, contrast
from quotes.html.spans import Mark, nest
from quotes.html.style import CSS
from quotes.types import Quote, Result

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "harbour_bridge.txt"

ARTICLE = (
    "“We will rebuild the school,” Mayor Ana Lima said. “It will open in spring.”\n"
    "She said the work would cost $4 million, according to the council.\n"
    "Union leaders called the plan a “good start.”"
)


def _at(words: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = ARTICLE.index(words, start + 1)
    return start, start + len(words)


def _span(words: str, nth: int = 0, **extra) -> dict:
    start, end = _at(words, nth)
    return {"text": words, "start": start, "end": end, **extra}


def _record() -> dict:
    """The article's quotes as a JSONL record: an interrupted direct quote, an indirect one
    whose speaker is a pronoun, a mixed one, and one with no speaker."""
    p1, p2 = _span("“We will rebuild the school,”"), _span("“It will open in spring.”")
    q1 = {
        **_span(ARTICLE[p1["start"] : p2["end"]]),
        "kind": "direct",
        "rule": "direct:ccomp+interrupted",
        "parts": [p1, p2],
        "cue": _span("said", lemma="say"),
        "speaker": _span("Mayor Ana Lima", name="Ana Lima", title="Mayor", kind="person"),
    }
    q2 = {
        **_span("the work would cost $4 million"),
        "kind": "indirect",
        "rule": "indirect:ccomp",
        "cue": _span("said", 1, lemma="say"),
        "speaker": _span("She", name="Ana Lima", title="Mayor", kind="person"),
    }
    q3 = {
        **_span("the plan a “good start.”"),
        "kind": "mixed",
        "rule": "mixed:object",
        "cue": _span("called", lemma="call"),
        "speaker": _span("Union leaders", name="Union leaders", title=None, kind="group"),
    }
    q4 = {**_span("according to the council"), "kind": "indirect", "rule": "test:no-speaker"}
    return {"id": "lima.txt", "text": ARTICLE, "quotes": [q1, q2, q3, q4]}


def _result(record: dict) -> Result:
    return Result(
        record["id"],
        record["text"],
        tuple(Quote.from_dict(q) for q in record["quotes"]),
        error=record.get("error"),
    )


def _marks(root: Node) -> list[Node]:
    return root.find_all("mark", "q")


def test_one_highlight_per_quote_part_with_speaker_and_kind():
    result = _result(_record())
    root = parse_strict(render(result))
    marks = _marks(root)
    got = [(m.attrs["data-quote"], m.attrs["data-part"], m.attrs["data-speaker"]) for m in marks]
    assert got == [
        ("1", "0", "Ana Lima"),
        ("1", "1", "Ana Lima"),
        ("2", "0", "Ana Lima"),
        ("4", "0", ""),
        ("3", "0", "Union leaders"),
    ]
    for m in marks:
        q = result.quotes[int(m.attrs["data-quote"]) - 1]
        piece = q.pieces[int(m.attrs["data-part"])]
        assert m.text() == piece.text  # badges are CSS, never text
        assert m.attrs["data-kind"] == q.kind and f"k-{q.kind}" in m.classes
        assert m.attrs["tabindex"] == "0"
    # one colour per speaker: Ana Lima's three parts share one, Union leaders has another
    colour = {
        m.attrs["data-quote"]: next(c for c in m.classes if re.fullmatch("c\\d+|cx", c))
        for m in marks
    }
    assert colour["1"] == colour["2"] != colour["3"]
    assert colour["4"] == "cx"


def test_speaker_mentions_and_cues_are_marked_once_each():
    root = parse_strict(render(_result(_record())))
    article = root.find("div", "article")
    assert [n.text() for n in article.find_all("span", "spk")] == [
        "Mayor Ana Lima",
        "She",
        "Union leaders",
    ]
    assert [n.text() for n in article.find_all("span", "cue")] == ["said", "said", "called"]
    she = article.find("span", "spk", data_speaker="Ana Lima")
    assert "spk" in she.classes


def test_the_card_follows_each_part_and_joins_interrupted_parts():
    root = parse_strict(render(_result(_record())))
    article = root.find("div", "article")
    children = [c for c in article.children if isinstance(c, Node)]
    for k, node in enumerate(children):
        if node.tag == "mark":
            card = children[k + 1]  # the CSS shows it on the mark's :hover and :focus
            assert "card" in card.classes and card.attrs["id"] == node.attrs["aria-describedby"]
    card = root.find("span", "card", id="d1-card1-2")
    assert "Ana Lima" in card.text() and "Mayor" in card.text()
    assert "direct quote 1, part 2 of 2" in card.text()
    assert "rule: direct:ccomp+interrupted" in card.text()
    said = card.find("span", "said").text()
    assert said == "“We will rebuild the school,” … “It will open in spring.”"
    first = root.find("mark", "q", id="d1-q1")
    assert "“We will rebuild the school,” … “It will open in spring.”" in first.attrs["title"]


def test_speakers_table_lists_name_title_kind_and_count():
    root = parse_strict(render(_result(_record())))
    table = root.find("table", "speakers")
    rows = [
        [c.text().strip() for c in tr.iter() if c.tag in ("th", "td")][:4]
        for tr in table.find("tbody").find_all("tr")
    ]
    assert rows == [
        ["Ana Lima", "Mayor", "person", "2"],
        ["Union leaders", "", "group", "1"],
        ["no speaker found", "", "", "1"],
    ]
    links = [a.attrs["href"] for a in table.find_all("a")]
    assert links == ["#d1-q1", "#d1-q2", "#d1-q3", "#d1-q4"]
    assert all(root.find_all(id=href[1:]) for href in links)


def test_paragraphs_are_kept_whatever_the_line_break():
    text = "One said “a”.\nTwo.\r\nThree.\u2028Four.\n\nFive."
    root = parse_strict(render(Result("p", text)))
    article = root.find("div", "article")
    assert len(article.find_all("span", "pg")) == 4
    assert article.text() == "One said “a”.\nTwo.\nThree.\nFour.\nFive."


def test_empty_document():
    root = parse_strict(render(Result("empty.txt", "")))
    assert _marks(root) == []
    assert root.find("div", "article").text() == ""
    assert "Empty document." in root.text() and "No quotes found." in root.text()
    assert "0 quotes" in root.find("p", "meta").text()


# -- escaping ---------------------------------------------------------------------------------

PAYLOAD = "<script>alert(1)</script>\"'><img src=x onerror=alert(1)></style>&amp;"


def _put(record: dict, path: tuple, value: str) -> dict:
    record = copy.deepcopy(record)
    node = record
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value if path != ("text",) else node["text"] + "\n" + value
    return record


FIELDS = {
    "id": ("id",),
    "text": ("text",),
    "error": ("error",),
    "quote text": ("quotes", 1, "text"),
    "part text": ("quotes", 0, "parts", 1, "text"),
    "kind": ("quotes", 1, "kind"),
    "rule": ("quotes", 1, "rule"),
    "cue text": ("quotes", 1, "cue", "text"),
    "cue lemma": ("quotes", 1, "cue", "lemma"),
    "speaker mention": ("quotes", 1, "speaker", "text"),
    "speaker name": ("quotes", 1, "speaker", "name"),
    "speaker title": ("quotes", 1, "speaker", "title"),
    "speaker kind": ("quotes", 1, "speaker", "kind"),
}
TAGS = {
    "html", "head", "meta", "title", "style", "body", "div", "section", "nav", "h1", "h2", "h3",
    "p", "b", "mark", "span", "a", "table", "thead", "tbody", "tr", "th", "td", "details",
    "summary", "svg", "g", "text", "rect",
}  # fmt: skip


def _pages(result: Result, tmp_path: Path) -> dict[str, str]:
    index = write_site([result, result], tmp_path / "site")
    return {
        "render": render(result),
        "fragment": render_fragment(result),
        "report": render_report([result, result]),
        "site page": (index.parent / file_name(result.id, 1)).read_text(encoding="utf-8"),
        "site index": index.read_text(encoding="utf-8"),
    }


def _values(root: Node) -> str:
    """Every text and attribute value of the document, as the browser would decode them."""
    return root.text() + "".join(str(v) for n in root.iter() for v in n.attrs.values())


@pytest.mark.parametrize("field", FIELDS)
def test_every_field_is_escaped(field, tmp_path):
    result = _result(_put(_record(), FIELDS[field], PAYLOAD))
    for name, markup in _pages(result, tmp_path).items():
        assert "<script" not in markup and "<img" not in markup, name
        root = parse_strict(markup)
        assert {n.tag for n in root.iter()} <= TAGS, name
        assert not [a for n in root.iter() for a in n.attrs if a.startswith("on")], name
        styles = root.find_all("style")
        assert len(styles) == 1 and styles[0].text().strip() == CSS.strip(), name
        if name != "site index" or field in ("id", "speaker name"):
            assert PAYLOAD in _values(root), name  # shown, as text


def test_the_title_is_ours_whatever_the_id():
    root = parse_strict(render(Result(PAYLOAD, "")))
    assert root.find("title").text() == f"Quotes — {PAYLOAD}"


def test_controls_and_lone_surrogates_become_replacement_characters():
    markup = render(Result("x\x00", "a\x1b[2Jb\ud800c"))
    markup.encode("utf-8")  # writable as UTF-8
    assert parse_strict(markup).find("div", "article").text() == "a\ufffd[2Jb\ufffdc"


def test_a_kind_from_the_input_never_becomes_a_class():
    record = _put(_record(), ("quotes", 1, "kind"), 'x" onmouseover="alert(1)')
    mark = parse_strict(render(_result(record))).find("mark", "q", data_quote="2")
    assert "k-other" in mark.classes and mark.attrs["data-kind"] == 'x" onmouseover="alert(1)'


# -- nesting ----------------------------------------------------------------------------------

DIGITS = "0123456789abcdefghij"
# name: (text, [(start, end, layer)], pieces each mark is split into)
NESTING = {
    "speaker inside quote": (DIGITS, [(0, 10, 0), (3, 6, 1)], [1, 1]),
    "speaker across a quote's start": (DIGITS, [(5, 15, 0), (2, 8, 1)], [1, 2]),
    "speaker across a quote's end": (DIGITS, [(0, 10, 0), (8, 14, 1)], [1, 2]),
    "cue in speaker in quote": (DIGITS, [(0, 12, 0), (2, 9, 1), (4, 6, 2)], [1, 1, 1]),
    "cue across speaker across quote": (DIGITS, [(4, 12, 0), (2, 8, 1), (6, 14, 2)], [1, 2, 3]),
    "identical spans": (DIGITS, [(3, 9, 0), (3, 9, 1), (3, 9, 2)], [1, 1, 1]),
    "speaker around a quote": (DIGITS, [(5, 8, 0), (2, 12, 1)], [1, 3]),
    "overlapping quotes (contract broken)": (DIGITS, [(0, 10, 0), (5, 15, 0)], [1, 2]),
    "adjacent quotes, speaker across": (DIGITS, [(0, 5, 0), (5, 10, 0), (4, 6, 1)], [1, 1, 2]),
    "out of range and empty": (DIGITS, [(-3, 4, 0), (15, 99, 1), (7, 7, 2)], [1, 1, 0]),
    "across a paragraph break": ("abc\ndef\nghi", [(1, 9, 0), (2, 5, 1)], [1, 1]),
}


def _nested(text: str, spans: list[tuple[int, int, int]], **kw) -> tuple[Node, list[Mark]]:
    marks = [
        Mark(s, e, layer, "span", f"m{k}", [("data-m", str(k))], [("id", f"m{k}")],
             f'<b data-after="{k}"></b>')
        for k, (s, e, layer) in enumerate(spans)
    ]  # fmt: skip
    root, errors = parse(f"<div>{nest(text, marks, **kw)}</div>")
    assert not errors, errors
    return root, marks


@pytest.mark.parametrize("case", NESTING)
def test_marked_spans_nest_whatever_their_overlap(case):
    text, spans, pieces = NESTING[case]
    root, _ = _nested(text, spans)
    assert root.text() == text
    for k, (start, end, _layer) in enumerate(spans):
        elements = root.find_all(data_m=str(k))
        assert len(elements) == pieces[k]
        assert "".join(e.text() for e in elements) == text[max(0, start) : min(len(text), end)]
        assert len(root.find_all(id=f"m{k}")) == min(1, pieces[k])  # ids on the first piece
        after = root.find_all(data_after=str(k))
        assert len(after) == min(1, pieces[k])


@pytest.mark.fuzz
@settings(max_examples=300, deadline=None)
@given(
    st.text(alphabet="ab \n", max_size=24),
    st.lists(st.tuples(st.integers(-2, 26), st.integers(-2, 26), st.integers(0, 2)), max_size=7),
)
def test_any_spans_give_well_formed_markup_and_keep_the_text(text, spans):
    root, marks = _nested(text, spans, render=str)  # the text as it is: nesting alone
    assert root.text() == text
    for k, m in enumerate(marks):
        got = "".join(e.text() for e in root.find_all(data_m=str(k)))
        assert got == (text[m.start : m.end] if m.start < m.end else "")


# -- colours ----------------------------------------------------------------------------------


@pytest.mark.parametrize("fill, accent", [*PALETTE, NO_SPEAKER])
def test_palette_has_good_contrast(fill, accent):
    assert contrast(fill, TEXT) >= 7  # quote text on its fill (AAA)
    assert contrast(accent, "#ffffff") >= 4.5  # badge text, underlines on white (AA)


def test_colours_follow_the_name_and_differ_within_a_document():
    names = [f"Speaker {k}" for k in range(len(PALETTE))]
    slots = assign(names)
    assert sorted(slots.values()) == list(range(len(PALETTE)))
    assert assign(["Speaker 3"]) == {"Speaker 3": assign(["Speaker 3", "Other"])["Speaker 3"]}


# -- several documents ------------------------------------------------------------------------


def test_report_has_an_index_with_counts_links_and_a_chart():
    docs = [_result(_record()), Result("empty.txt", ""), _result({**_record(), "id": "b.txt"})]
    root = parse_strict(render_report(docs))
    rows = root.find("table", "index").find("tbody").find_all("tr")
    cells = [[c.text() for c in r.find_all("td")] for r in rows]
    assert cells == [
        ["1", "lima.txt", "4", "1", "1", "2", "2"],
        ["2", "empty.txt", "0", "0", "0", "0", "0"],
        ["3", "b.txt", "4", "1", "1", "2", "2"],
    ]
    for k, r in enumerate(rows, 1):
        assert r.find("a").attrs["href"] == f"#d{k}" and root.find_all("section", id=f"d{k}")
    assert len({m.attrs["id"] for m in _marks(root)}) == len(_marks(root)) == 10
    chart = root.find("svg", "chart")
    bars = {g.find("text").text(): int(g.find("rect").attrs["width"]) for g in chart.find_all("g")}
    assert list(bars) == ["Ana Lima", "Union leaders"]
    assert bars["Ana Lima"] == 2 * bars["Union leaders"]  # 4 quotes against 2
    assert [t.text() for t in chart.find_all("text", "count")] == ["4", "2"]


IDS = ["../../etc/passwd", "", "index", "index.html", "CON", "a/b\\c", "same", "same", "Ünïcødé",
       "x" * 300, ".hidden", "<script>"]  # fmt: skip


def test_site_has_an_index_and_a_safe_unique_page_per_document(tmp_path):
    docs = [Result(i, f"“Hi,” {k} said.") for k, i in enumerate(IDS)]
    index = write_site(docs, tmp_path / "site")
    pages = sorted(p.name for p in index.parent.iterdir())
    assert len(pages) == len(IDS) + 1 and "index.html" in pages
    names = [file_name(i, k) for k, i in enumerate(IDS, 1)]
    assert sorted(names) == sorted(p for p in pages if p != "index.html")
    assert all(re.fullmatch(r"\d{4}(-[a-z0-9][a-z0-9._-]*)?\.html", n) for n in names)
    assert all(len(n) <= 70 for n in names)
    index_links = parse_strict(index.read_text()).find("table", "index").find_all("a")
    links = [a.attrs["href"] for a in index_links]
    assert links == names
    page = parse_strict((index.parent / names[0]).read_text())
    assert page.find("a").attrs["href"] == "index.html"
    assert page.find("h2").text() == IDS[0]


def test_writer_gives_one_page_then_a_site_past_the_threshold(tmp_path):
    docs = [Result(f"doc{k}", f"Doc {k}.") for k in range(4)]
    out = io.StringIO()
    writer = HtmlWriter(out, threshold=2)
    for d in docs:
        writer.write(d)
    writer.close()
    assert len(parse_strict(out.getvalue()).find_all("section", "doc")) == 4  # a stream: a page

    path = tmp_path / "report.html"
    with open(path, "a", encoding="utf-8") as f:
        writer = HtmlWriter(f, threshold=2)
        for d in docs:
            writer.write(d)
        writer.close()
    index = parse_strict(path.read_text())
    links = [a.attrs["href"] for a in index.find("table", "index").find_all("a")]
    assert links == [f"report_files/{file_name(d.id, k)}" for k, d in enumerate(docs, 1)]
    assert all((tmp_path / link).is_file() for link in links)
    assert (tmp_path / "report_files" / "index.html").is_file()


# -- API and notebooks ------------------------------------------------------------------------


def test_render_is_exported_and_results_show_in_notebooks():
    result = _result(_record())
    assert quotes.render is render
    fragment = parse_strict(result._repr_html_())
    top = [c for c in fragment.children if isinstance(c, Node)]
    assert [n.tag for n in top] == ["div"] and "qv" in top[0].classes
    assert len(_marks(fragment)) == 5 and not fragment.find_all("html")
    ids = {m.attrs["id"] for m in _marks(fragment)}
    other = parse_strict(Result("other", "x")._repr_html_())
    assert not ids & {n.attrs.get("id") for n in other.iter()}


def test_reprs_are_short_and_one_line():
    result = _result(_record())
    long = Result("long", "word " * 10_000, result.quotes)
    assert repr(long) == "Result(id='long', text=50,000 chars, quotes=4)"
    q = result.quotes[0]
    assert repr(q).startswith("Quote(direct, 'Ana Lima', '“We will rebuild the school,”")
    wordy = Quote("very " * 100 + "\nlong", 0, 505, "mixed", "r")
    for quote in (*result.quotes, wordy):
        text = repr(quote)
        assert "\n" not in text and len(text) <= 80, text
    assert repr(wordy).startswith("Quote(mixed, None, 'very very") and repr(wordy).endswith("…')")


# -- command line -----------------------------------------------------------------------------


@pytest.mark.model
def test_cli_writes_one_page(tmp_path):
    out = tmp_path / "report.html"
    result = CliRunner().invoke(app, ["extract", str(EXAMPLE), "--format", "html", "-o", str(out)])
    assert result.exit_code == 0, result.output
    root = parse_strict(out.read_text(encoding="utf-8"))
    assert len(_marks(root)) == 19  # 15 quotes: two in two parts, one in three
    assert {m.attrs["data-speaker"] for m in _marks(root)} >= {"Aisha Ramaswamy", "Lena Brandt"}


@pytest.mark.model
def test_cli_writes_a_site_into_a_directory(tmp_path):
    second = tmp_path / "second.txt"
    second.write_text("“It works,” the engineer said.\n", encoding="utf-8")
    site = tmp_path / "site"
    args = ["extract", str(EXAMPLE), str(second), "-f", "HTML", "-o", str(site)]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in site.iterdir()) == [
        file_name(str(EXAMPLE), 1),
        file_name(str(second), 2),
        "index.html",
    ]


@pytest.mark.model
@pytest.mark.parametrize("spelling", ["JSON", "Json", "jsonl", "CSV", "Html"])
def test_format_is_case_insensitive(spelling, tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("“It works,” the engineer said.\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["extract", str(path), "--format", spelling])
    assert result.exit_code == 0, result.output
    assert result.stdout.strip()
