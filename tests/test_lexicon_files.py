"""The word lists in models/: each says where it came from, keeps its format, and the lists
that must not overlap do not (an honorific or a relation is never a title)."""

from __future__ import annotations

from pathlib import Path

import pytest

from quotes.lexicon import FILES, Lexicon, entries

ROOT = Path(__file__).resolve().parents[1]
MODELS = ROOT / "models"
GENDERS = {"m", "f", "-"}
TITLE_CATEGORIES = {
    "government",
    "military",
    "police",
    "legal",
    "church",
    "academic",
    "business",
    "sports",
    "media",
    "health",
    "trade",
    "other",
}
RELATION_KINDS = {"family", "social", "person"}

# file → (fields per entry, allowed values of field 2, of field 3, lower-case entries)
FORMATS = {
    "titles.txt": (3, GENDERS, TITLE_CATEGORIES, True),
    "honorifics.txt": (2, GENDERS, None, True),
    "relation_nouns.txt": (3, GENDERS, RELATION_KINDS, True),
    "post_nominals.txt": (1, None, None, False),
    "name_particles.txt": (1, None, None, True),
    "group_nouns.txt": (1, None, None, True),
    "org_words.txt": (1, None, None, True),
    "document_nouns.txt": (1, None, None, True),
    "role_synonyms.txt": (2, None, None, True),
}


def _rows(name: str) -> list[list[str]]:
    return entries((MODELS / name).read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", FILES)
def test_every_lexicon_file_says_what_it_is_and_where_it_came_from(name):
    text = (MODELS / name).read_text(encoding="utf-8")
    header = []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        header.append(line)
    assert header, f"{name} has no comment header"
    said = "\n".join(header)
    assert "Source:" in said or "Sources:" in said, f"{name} does not say where it came from"


@pytest.mark.parametrize("name", sorted(FORMATS))
def test_lexicon_file_keeps_its_format(name):
    width, second, third, lower = FORMATS[name]
    rows = _rows(name)
    assert rows
    firsts = [r[0] for r in rows]
    assert len(firsts) == len(set(firsts)), f"duplicates in {name}"
    for row in rows:
        assert len(row) == width, row
        assert row[0] == " ".join(row[0].split()), row  # single spaces inside an entry
        if lower:
            assert row[0] == row[0].lower(), row
        if second is not None:
            assert row[1] in second, row
        if third is not None:
            assert row[2] in third, row


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("titles.txt", "honorifics.txt"),
        ("titles.txt", "relation_nouns.txt"),
        ("titles.txt", "group_nouns.txt"),
        ("titles.txt", "org_words.txt"),
        ("group_nouns.txt", "org_words.txt"),
    ],
)
def test_lists_that_must_not_overlap_do_not(one, other):
    words = {r[0].lower() for r in _rows(one)}
    assert not words & {r[0].lower() for r in _rows(other)}


@pytest.mark.parametrize(
    ("question", "word", "answer"),
    [
        ("title_category", "Defender", "sports"),
        ("title_category", "centre back", "sports"),
        ("title_category", "crown attorney", "legal"),
        ("title_category", "attorney", "legal"),
        ("title_category", "electrician", "trade"),
        ("title_category", "chief executive", "business"),
        ("title_category", "Cmdr.", "military"),
        ("title_category", "Dame", None),
        ("title_gender", "spokeswoman", "f"),
        ("title_gender", "chairman", "m"),
        ("title_gender", "goaltender", None),
        ("is_title", "Sir", False),
        ("is_title", "Mr.", False),
        ("is_title", "Dr.", False),
        ("is_title", "wife", False),
        ("is_title", "paediatrician", True),
        ("is_honorific", "Dame", True),
        ("is_honorific", "Mme", True),
        ("is_honorific", "Prof", True),
        ("is_honorific", "Revd", True),
        ("is_honorific", "M.", False),  # far more often an initial
        ("is_honorific", "Sr.", False),  # senior: a post-nominal
    ],
)
def test_lexicon_answers(question, word, answer):
    assert getattr(Lexicon.default(), question)(word) == answer


@pytest.mark.parametrize(
    ("view", "word", "present"),
    [
        ("post_nominals", "KC", True),
        ("post_nominals", "Jr.", True),
        ("post_nominals", "kc", False),  # as written
        ("name_particles", "van der", True),
        ("name_particles", "al-", True),
        ("group_nouns", "officials", True),
        ("group_nouns", "couple", True),
        ("document_nouns", "statement", True),
        ("org_words", "federation", True),
        ("org_words", "officials", False),
    ],
)
def test_lexicon_views(view, word, present):
    assert (word in getattr(Lexicon.default(), view)) is present


def test_relations_carry_the_gender_their_word_says():
    relations = Lexicon.default().relations
    assert (relations["wife"], relations["husband"], relations["cousin"]) == ("f", "m", None)


def test_a_lexicon_saved_before_a_list_existed_loads_with_the_installed_list(tmp_path):
    saved = dict(Lexicon.default().sources)
    saved["titles.txt"] = "warden\t-\tother\n"
    Lexicon(saved).to_disk(tmp_path)
    (tmp_path / "post_nominals.txt").unlink()
    loaded = Lexicon.from_disk(tmp_path)
    assert set(loaded.titles) == {"warden"}  # what was saved stays
    assert "KC" in loaded.post_nominals  # what was not comes from models/
