"""Files and directories: the kind of a file by its extension, reading one file, and the walk
that picks the files of a directory."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from fnmatch import fnmatch
from pathlib import Path

from .documents import Document, Options, Problem, Report, os_reason
from .streams import read_stream

__all__ = [
    "DEFAULT_EXTENSIONS",
    "HTML_EXTENSIONS",
    "JSONL_EXTENSIONS",
    "TEXT_EXTENSIONS",
    "file_kind",
    "read_file",
    "walk",
]

JSONL_EXTENSIONS = frozenset({".jsonl", ".ndjson"})
HTML_EXTENSIONS = frozenset({".html", ".htm", ".xhtml"})
TEXT_EXTENSIONS = frozenset({".txt", ".text", ".md"})
#: The files a directory walk takes when no ``glob`` is given.
DEFAULT_EXTENSIONS = TEXT_EXTENSIONS | HTML_EXTENSIONS | JSONL_EXTENSIONS


def file_kind(path: Path, input_format: str) -> str:
    """``jsonl``, ``html``, ``text`` (forced), ``auto`` (text or HTML by content) or ``sniff``
    (also JSONL when the first line is a record: unknown extensions and standard input)."""
    if input_format != "auto":
        return input_format
    suffix = path.suffix.lower()
    if suffix in JSONL_EXTENSIONS:
        return "jsonl"
    if suffix in HTML_EXTENSIONS:
        return "html"
    if suffix in TEXT_EXTENSIONS:
        return "auto"
    return "sniff"


def read_file(path: Path, name: str, opts: Options) -> Iterator[Document]:
    """The documents of one file, ``name`` being its id; a file that cannot be read is reported."""
    kind = file_kind(path, opts.input_format)
    try:
        stream = path.open("rb")
    except OSError as exc:
        opts.report(Problem(name, None, os_reason(exc, path), skipped=True))
        return
    with stream:
        try:
            yield from read_stream(stream, name, kind, opts)
        except OSError as exc:
            opts.report(Problem(name, None, os_reason(exc, path), skipped=True))


def _selected(rel: str, filename: str, glob: str | None) -> bool:
    if glob is None:
        return os.path.splitext(filename)[1].lower() in DEFAULT_EXTENSIONS
    return fnmatch(rel, glob) or fnmatch(filename, glob)


def walk(root: Path, name: str, glob: str | None, report: Report) -> Iterator[tuple[Path, str]]:
    """The files a directory walk takes, as (path, id), in sorted order (depth first).

    Hidden entries are skipped. Symbolic links to files are read; symbolic links to directories
    are not followed (as ``os.walk`` does: a link to ``/`` or to a parent cannot run away or loop;
    give such a directory explicitly to read it).
    """

    def entries(directory: Path, rel: str) -> Iterator[tuple[os.DirEntry[str], str]]:
        try:
            with os.scandir(directory) as it:
                found = sorted((e for e in it if not e.name.startswith(".")), key=lambda e: e.name)
        except OSError as exc:
            where = os.path.join(name, rel) if rel else name
            report(Problem(where, None, os_reason(exc), skipped=True))
            return iter(())
        return ((e, os.path.join(rel, e.name) if rel else e.name) for e in found)

    visited: set[tuple[int, int]] = set()
    try:
        st = root.stat()
        visited.add((st.st_dev, st.st_ino))
    except OSError:  # pragma: no cover - the caller has just stat-ed it
        pass
    selected = 0
    stack = [entries(root, "")]
    while stack:
        item = next(stack[-1], None)
        if item is None:
            stack.pop()
            continue
        entry, rel = item
        path = Path(entry.path)
        try:
            st = os.stat(entry.path)
        except OSError as exc:
            if _selected(rel.replace(os.sep, "/"), entry.name, glob):
                selected += 1
                reason = os_reason(exc, path)
                report(Problem(os.path.join(name, rel), None, reason, skipped=True))
            continue
        if stat.S_ISDIR(st.st_mode):
            key = (st.st_dev, st.st_ino)
            if key not in visited and not entry.is_symlink():
                visited.add(key)  # bind mounts can loop too
                stack.append(entries(path, rel))
            continue
        if not _selected(rel.replace(os.sep, "/"), entry.name, glob):
            continue
        selected += 1
        doc_id = os.path.join(name, rel)
        if stat.S_ISREG(st.st_mode):
            yield path, doc_id
        else:
            report(Problem(doc_id, None, "not a regular file", skipped=True))
    if not selected:
        if glob is None:
            wanted = "with extension " + ", ".join(sorted(DEFAULT_EXTENSIONS))
        else:
            wanted = f"matching {glob!r}"
        report(Problem(name, None, f"no input files {wanted} in this directory", skipped=False))
