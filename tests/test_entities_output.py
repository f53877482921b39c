"""The optional record-level ``entities``: ``extract_many(entities=True)`` and ``quotes extract
--entities`` (JSON and JSONL only); the default output has no such field."""

from __future__ import annotations

import json
import re
from itertools import islice
from pathlib import Path

import pytest
import spacy
from contract import validate_record
from typer.testing import CliRunner

import quotes
from quotes.cli import app

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.model

ARTICLE = (
    "Mayor Daniel Okafor opened the bridge on Monday.\n"
    "“We are ready,” he said.\n"
    "The Harbour Authority said the toll would stay.\n"
)
runner = CliRunner()


def _extract(*args, input=None):
    return runner.invoke(app, ["extract", *map(str, args)], input=input)


def _mentions(result, name):
    return [m.text for e in result.entities if e.name == name for m in e.mentions]


def test_results_have_no_entities_unless_asked(nlp):
    [plain] = quotes.extract_many([ARTICLE], nlp=nlp)
    assert plain.entities is None and "entities" not in plain.to_dict()
    [full] = quotes.extract_many([ARTICLE], entities=True)
    assert full.quotes == plain.quotes
    record = full.to_dict()
    assert list(record) == ["id", "quotes", "entities"]
    validate_record(record, ARTICLE)
    assert repr(full) == "Result(id='0', text=122 chars, quotes=2, entities=2)"


def test_an_entity_has_its_name_kind_titles_gender_and_mentions():
    [result] = quotes.extract_many([ARTICLE], entities=True)
    by_name = {e.name: e for e in result.entities}
    okafor = by_name["Daniel Okafor"]
    assert (okafor.kind, okafor.titles, okafor.gender) == ("person", ("Mayor",), "male")
    assert okafor.gender_evidence == "pronoun"
    assert _mentions(result, "Daniel Okafor") == ["Mayor Daniel Okafor", "he"]
    assert by_name["The Harbour Authority"].kind == "organization"
    assert quotes.EntityRecord.from_dict(json.loads(json.dumps(okafor.to_dict()))) == okafor


def test_offsets_are_true_in_a_text_parsed_in_pieces():
    nlp = quotes.get_nlp(entities=True)
    paragraph = "Mayor Daniel Okafor opened the bridge.\n“We are ready,” he said.\n"
    text = paragraph * 12
    old, nlp.max_length = nlp.max_length, 300
    try:
        [result] = quotes.extract_many([text], nlp=nlp, entities=True)
    finally:
        nlp.max_length = old
    validate_record(result.to_dict(), text)
    # each piece lists its own Daniel Okafor, with his mentions in the whole text's offsets
    okafor = [e for e in result.entities if e.name == "Daniel Okafor"]
    assert len(okafor) > 1
    starts = {m.start for e in okafor for m in e.mentions if m.text == "Mayor Daniel Okafor"}
    assert starts == {n * len(paragraph) for n in range(12)}


def test_mention_texts_are_cut_from_a_text_with_lone_surrogates():
    text = "Mayor Daniel Okafor\ud83d opened the bridge on Monday.\n“We are ready,” he said.\n"
    [result] = quotes.extract_many([text], entities=True)
    validate_record(result.to_dict(), text)
    assert any("\ud83d" in m.text for e in result.entities for m in e.mentions)


def test_a_given_pipeline_must_keep_its_entities():
    plain = quotes.get_nlp()
    with pytest.raises(ValueError, match="entities=True needs a pipeline"):
        quotes.extract_many([ARTICLE], nlp=plain, entities=True)
    own = spacy.load(quotes.DEFAULT_MODEL)
    own.add_pipe("quotes_boundaries", before="parser")
    own.add_pipe("quotes_entities")
    own.add_pipe("quotes")
    [result] = quotes.extract_many([ARTICLE], nlp=own, entities=True)
    assert _mentions(result, "Daniel Okafor") == ["Mayor Daniel Okafor", "he"]


@pytest.mark.parametrize("fmt", ["jsonl", "json"])
def test_cli_entities_in_json_and_jsonl(tmp_path, fmt):
    article = tmp_path / "a.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    plain, full = _extract(article, "-f", fmt), _extract(article, "-f", fmt, "--entities")
    assert plain.exit_code == 0 and full.exit_code == 0, full.stderr
    loads = (lambda out: json.loads(out)[0]) if fmt == "json" else json.loads
    without, record = loads(plain.stdout), loads(full.stdout)
    assert "entities" not in without
    assert {k: v for k, v in record.items() if k != "entities"} == without
    validate_record(record, ARTICLE)
    assert [e["name"] for e in record["entities"]] == ["Daniel Okafor", "The Harbour Authority"]


@pytest.mark.parametrize("fmt", ["csv", "table", "html", "CSV"])
def test_cli_entities_is_a_usage_error_with_other_formats(tmp_path, fmt):
    article = tmp_path / "a.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    result = _extract(article, "-f", fmt, "--entities")
    assert result.exit_code == 2
    assert result.stdout == ""
    [line] = result.stderr.splitlines()
    assert line.startswith("error: Invalid value for '--entities': works with --format json")


def test_help_says_which_formats_take_entities():
    text = " ".join(runner.invoke(app, ["extract", "--help"]).stdout.replace("│", " ").split())
    assert "--entities" in text and "JSON and JSONL only" in text


@pytest.mark.cluster
def test_worker_processes_give_the_same_entities():
    texts = [ARTICLE, "Nothing said.", "“Go,” said Ana Ruiz. She left.\n"] * 3
    one = list(quotes.extract_many(texts, entities=True, batch_size=2))
    two = list(quotes.extract_many(texts, entities=True, batch_size=2, n_process=2))
    assert one == two and all(r.entities is not None for r in two)


def test_dev_articles_keep_their_quotes_and_true_entity_offsets(shared_data):
    with open(shared_data / "polnear_dev.jsonl", encoding="utf-8") as f:
        docs = [json.loads(line) for line in islice(f, 10)]
    plain = list(quotes.extract_many(docs))
    full = list(quotes.extract_many(docs, entities=True))
    assert [r.quotes for r in full] == [r.quotes for r in plain]
    for doc, result in zip(docs, full, strict=True):
        validate_record(result.to_dict(), doc["text"])
    assert sum(len(r.entities) for r in full) > 10 * 10


def test_the_readme_example_is_what_the_command_prints():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    found = re.search(
        r"```bash\nprintf '(.*?)' \| quotes extract --format jsonl --entities\n```\n\n"
        r"```json\n(.*?)```",
        readme,
        flags=re.S,
    )
    assert found, "the README's --entities example"
    text = found.group(1).replace("\\n", "\n")
    result = _extract("-", "-f", "jsonl", "--entities", input=text)
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout) == json.loads(found.group(2))
