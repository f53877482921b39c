"""Files and directories: the kind of a file by its extension, reading one file, and the walk
that picks the files of a directory."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable, Iterator
from contextlib import suppress
from fnmatch import fnmatch
from pathlib import Path

from .bounded import Skip
from .documents import Document, Options, Problem, Report, os_reason
from .streams import read_stream, skip_reason

__all__ = [
    "DEFAULT_EXTENSIONS",
    "HTML_EXTENSIONS",
    "Exclusions",
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
        if kind not in ("jsonl", "sniff") and _size(stream) > opts.max_bytes:
            # a file read whole: skipped unread (JSONL is read a line at a time)
            opts.report(Problem(name, None, skip_reason(Skip.TOO_LONG, opts.max_bytes), True))
            return
        try:
            yield from read_stream(stream, name, kind, opts)
        except OSError as exc:
            opts.report(Problem(name, None, os_reason(exc, path), skipped=True))


def _size(stream: object) -> int:
    """The size of a regular file open as ``stream`` (0 for anything else)."""
    try:
        st = os.fstat(stream.fileno())  # type: ignore[attr-defined]
    except (AttributeError, OSError, ValueError):
        return 0
    return st.st_size if stat.S_ISREG(st.st_mode) else 0


class Exclusions:
    """Paths a directory walk must not take: the run's own output (its file, its temporary
    file, its ``.partial`` file, an HTML site's directory), whether they exist yet or not.

    Each is known by its directory (device and inode) and name, so it is recognised however
    the walk reaches it; an existing file also by its own inode (a hard or symbolic link to it).
    """

    def __init__(self, paths: Iterable[str | os.PathLike[str]] = ()) -> None:
        self.entries: set[tuple[int, int, str]] = set()
        self.inodes: set[tuple[int, int]] = set()
        for raw in paths:
            path = Path(raw)
            with suppress(OSError):
                parent = path.absolute().parent.stat()
                self.entries.add((parent.st_dev, parent.st_ino, path.name))
            with suppress(OSError):
                st = path.stat()
                self.inodes.add((st.st_dev, st.st_ino))

    def __bool__(self) -> bool:
        return bool(self.entries or self.inodes)

    def excludes(self, directory: tuple[int, int], name: str, st: os.stat_result) -> bool:
        return (*directory, name) in self.entries or (st.st_dev, st.st_ino) in self.inodes


def _selected(rel: str, filename: str, glob: str | None) -> bool:
    if glob is None:
        return os.path.splitext(filename)[1].lower() in DEFAULT_EXTENSIONS
    return fnmatch(rel, glob) or fnmatch(filename, glob)


def walk(
    root: Path,
    name: str,
    glob: str | None,
    report: Report,
    exclude: Exclusions | None = None,
) -> Iterator[tuple[Path, str]]:
    """The files a directory walk takes, as (path, id), in sorted order (depth first).

    Hidden entries are skipped, and those of ``exclude`` (the run's own output). Symbolic links
    to files are read; symbolic links to directories are not followed (as ``os.walk`` does: a
    link to ``/`` or to a parent cannot run away or loop; give such a directory explicitly to
    read it).
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

    exclude = exclude if exclude is not None else Exclusions()
    try:
        st = root.stat()
        root_key = (st.st_dev, st.st_ino)
    except OSError:  # pragma: no cover - the caller has just stat-ed it
        root_key = (-1, -1)
    visited = {root_key}
    selected = 0
    stack = [(entries(root, ""), root_key)]
    while stack:
        item = next(stack[-1][0], None)
        if item is None:
            stack.pop()
            continue
        entry, rel = item
        try:
            st = os.stat(entry.path)
        except OSError as exc:
            if _selected(rel.replace(os.sep, "/"), entry.name, glob):
                selected += 1
                reason = os_reason(exc, Path(entry.path))
                report(Problem(os.path.join(name, rel), None, reason, skipped=True))
            continue
        if exclude.excludes(stack[-1][1], entry.name, st):
            continue
        if stat.S_ISDIR(st.st_mode):
            key = (st.st_dev, st.st_ino)
            if key not in visited and not entry.is_symlink():
                visited.add(key)  # bind mounts can loop too
                stack.append((entries(Path(entry.path), rel), key))
            continue
        if not _selected(rel.replace(os.sep, "/"), entry.name, glob):
            continue
        selected += 1
        if stat.S_ISREG(st.st_mode):
            yield Path(entry.path), os.path.join(name, rel)
        else:
            report(Problem(os.path.join(name, rel), None, "not a regular file", skipped=True))
    if not selected:
        report(_nothing_selected(name, glob))


def _nothing_selected(name: str, glob: str | None) -> Problem:
    if glob is None:
        wanted = "with extension " + ", ".join(sorted(DEFAULT_EXTENSIONS))
    else:
        wanted = f"matching {glob!r}"
    return Problem(name, None, f"no input files {wanted} in this directory", skipped=False)
