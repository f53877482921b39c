"""The word lists the rules read, as one object a pipeline component owns.

Every list is a text file under ``models/`` (one entry per line, ``#`` comments, fields split by
tabs; each file says where its words came from). A :class:`Lexicon` holds the files' texts and
the views the rules use, so a component can save exactly what it ran with (``to_disk``) and a
saved pipeline keeps its behaviour when the installed ``models/`` change (``from_disk``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import cache
from importlib.resources import files
from pathlib import Path

#: The files a lexicon is made of, all under ``models/``.
FILES = (
    "cue_verbs.txt",
    "titles.txt",
    "abbreviations.txt",
    "org_words.txt",
    "not_labels.txt",
    "honorifics.txt",
    "empty_objects.txt",
    "addressee_verbs.txt",
    "reason_marks.txt",
    "post_nominals.txt",
    "name_particles.txt",
    "relation_nouns.txt",
    "group_nouns.txt",
    "document_nouns.txt",
    "data_nouns.txt",
    "org_suffixes.txt",
    "finding_sources.txt",
    "role_synonyms.txt",
)

Gender = str | None  # "m", "f" or None


def entries(text: str) -> list[list[str]]:
    """The non-blank, non-comment lines of a lexicon file, as lists of stripped fields."""
    out = []
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            out.append([f.strip() for f in line.split("\t")])
    return out


def _gender(field: str | None) -> Gender:
    return field if field in ("m", "f") else None


class Lexicon:
    """Parsed views of the lexicon files (read-only after construction)."""

    __slots__ = (
        "sources",
        "cue_single",
        "cue_double",
        "titles",
        "title_categories",
        "abbreviations",
        "ranks",
        "org_words",
        "not_labels",
        "honorifics",
        "empty_objects",
        "addressees",
        "reason_marks",
        "post_nominals",
        "name_particles",
        "relations",
        "group_nouns",
        "document_nouns",
        "data_nouns",
        "org_suffixes",
        "finders",
        "role_synonyms",
    )

    def __init__(self, sources: Mapping[str, str]) -> None:
        missing = [name for name in FILES if name not in sources]
        if missing:
            raise ValueError(f"lexicon files missing: {', '.join(missing)}")
        self.sources: dict[str, str] = {name: sources[name] for name in FILES}
        cues = entries(sources["cue_verbs.txt"])
        #: cue lemma → tier ("clause", "any", "marked"); two-word lemmas in ``cue_double``
        self.cue_single: dict[str, str] = {}
        self.cue_double: dict[tuple[str, str], str] = {}
        for lemma, *rest in cues:
            tier = rest[0] if rest else "any"
            words = lemma.lower().split()
            if len(words) == 2:
                self.cue_double[(words[0], words[1])] = tier
            else:
                self.cue_single[lemma.lower()] = tier
        #: role and title words (some of several words: "chief executive") → the gender the
        #: word itself says, and → its category ("sports", "legal", …)
        self.titles = self._gendered("titles.txt")
        self.title_categories: dict[str, str] = {
            e[0].lower(): e[2] for e in entries(sources["titles.txt"]) if len(e) > 2
        }
        #: ranks and titles written with a dot, as written ("Cmdr.") and lower-cased
        self.abbreviations: tuple[str, ...] = tuple(
            e[0] for e in entries(sources["abbreviations.txt"])
        )
        self.ranks: frozenset[str] = frozenset(a.lower() for a in self.abbreviations)
        self.org_words = self._words("org_words.txt")
        self.not_labels = self._words("not_labels.txt")
        self.honorifics = self._gendered("honorifics.txt")
        self.empty_objects = self._words("empty_objects.txt")
        #: addressee verbs → True when the object is always the addressee
        self.addressees: dict[str, bool] = {
            e[0].lower(): (len(e) > 1 and e[1] == "always")
            for e in entries(sources["addressee_verbs.txt"])
        }
        self.reason_marks = self._words("reason_marks.txt")
        #: letters after a name, as written ("KC", "Jr.", "PhD")
        self.post_nominals = frozenset(e[0] for e in entries(sources["post_nominals.txt"]))
        self.name_particles = self._words("name_particles.txt")
        #: family and personal relations and plain person nouns → the gender the word says
        self.relations = self._gendered("relation_nouns.txt")
        self.group_nouns = self._words("group_nouns.txt")
        self.document_nouns = self._words("document_nouns.txt")
        self.data_nouns = self._words("data_nouns.txt")
        self.org_suffixes = self._words("org_suffixes.txt")
        #: who can find ("the study found that"): word → "finds", or "hears" for a body that
        #: hears evidence ("the court heard that") and may find too
        self.finders: dict[str, str] = {
            e[0].lower(): e[1] for e in entries(sources["finding_sources.txt"]) if len(e) > 1
        }

        #: a description's role word → title words it can stand for ("judge" → justice, …)
        self.role_synonyms: dict[str, frozenset[str]] = {
            e[0].lower(): frozenset(e[1].lower().split())
            for e in entries(sources["role_synonyms.txt"])
            if len(e) > 1
        }

    def _words(self, name: str) -> frozenset[str]:
        return frozenset(e[0].lower() for e in entries(self.sources[name]))

    def _gendered(self, name: str) -> dict[str, Gender]:
        """word → gender of a file whose second field is m, f or -."""
        return {
            e[0].lower(): _gender(e[1] if len(e) > 1 else None) for e in entries(self.sources[name])
        }

    # ---- construction ------------------------------------------------------------------
    @staticmethod
    @cache
    def default() -> Lexicon:
        """The lexicon shipped in ``models/`` (read once per process)."""
        models = files("quotes.models")
        return Lexicon({name: models.joinpath(name).read_text(encoding="utf-8") for name in FILES})

    def extended(
        self,
        *,
        cues: Mapping[str, str] | None = None,
        titles: Mapping[str, str] | None = None,
        abbreviations: Iterable[str] = (),
    ) -> Lexicon:
        """This lexicon plus entries given in a pipeline's config: extra cue verbs
        (lemma → tier), title words (word → gender "m", "f" or "-") and dotted ranks."""
        if not (cues or titles or abbreviations):
            return self
        sources = dict(self.sources)
        for name, added in (
            ("cue_verbs.txt", [f"{k}\t{v}" for k, v in (cues or {}).items()]),
            ("titles.txt", [f"{k}\t{v}" for k, v in (titles or {}).items()]),
            ("abbreviations.txt", list(abbreviations)),
        ):
            if added:
                sources[name] = sources[name].rstrip("\n") + "\n# added by config\n"
                sources[name] += "\n".join(added) + "\n"
        return Lexicon(sources)

    def to_disk(self, path: str | Path) -> None:
        """Write every lexicon file into the directory ``path``."""
        directory = Path(path)
        directory.mkdir(parents=True, exist_ok=True)
        for name, text in self.sources.items():
            (directory / name).write_text(text, encoding="utf-8")

    @classmethod
    def from_disk(cls, path: str | Path) -> Lexicon:
        """The lexicon saved by :meth:`to_disk` in ``path``. A file the save predates (a list
        added to ``models/`` since) is read from the installed ``models/``."""
        directory = Path(path)
        installed = cls.default().sources
        return cls(
            {
                name: (directory / name).read_text(encoding="utf-8")
                if (directory / name).exists()
                else installed[name]
                for name in FILES
            }
        )

    # ---- questions the rules ask -------------------------------------------------------
    def cue_tier(self, lemma: str) -> str | None:
        return self.cue_single.get(lemma)

    def is_title(self, word: str) -> bool:
        return word.lower() in self.titles

    def title_gender(self, word: str) -> Gender:
        return self.titles.get(word.lower())

    def title_category(self, word: str) -> str | None:
        """The category of a title word ("defender" → "sports"), None for no title."""
        return self.title_categories.get(word.lower())

    def is_honorific(self, word: str) -> bool:
        return word.lower() in self.honorifics
