"""Where a run writes: ``--output FILE`` written whole or not at all.

The output goes to a hidden temporary file beside FILE, renamed over it when the run ends, so
an earlier FILE is never emptied by a run that fails before writing (a typo in a path, a model
that does not load) and is never half overwritten. A run that wrote no document keeps the old
file; an interrupted run keeps the old file whole and what it finished in ``FILE.partial``.
Devices and pipes (``/dev/null``, ``/dev/full``, a FIFO) are written in place.

Nothing written may be read back by the same run: an output that is also an input is refused
before anything runs, and :meth:`OutputFile.own_paths` lists what a directory walk must skip.
"""

from __future__ import annotations

import codecs
import os
import stat
import tempfile
from contextlib import suppress
from pathlib import Path
from typing import Any

from .errors import QuotesError

__all__ = [
    "ERRORS",
    "FileSink",
    "OutputFile",
    "SiteSink",
    "Sink",
    "check_not_an_input",
    "open_sink",
]


def _replace_unencodable(exc: UnicodeError) -> tuple[str, int]:
    if not isinstance(exc, UnicodeEncodeError):
        raise exc
    return "\ufffd" * (exc.end - exc.start), exc.end


#: The error handler of every text output: what cannot be encoded (a lone surrogate from a
#: truncated JavaScript string) is written as U+FFFD, one for one, never an exception. JSON and
#: CSV never need it (their writers escape or replace such characters themselves).
ERRORS = "quotes.replace"
codecs.register_error(ERRORS, _replace_unencodable)


def _reason(exc: OSError) -> str:
    if isinstance(exc, IsADirectoryError):
        return "is a directory"
    if isinstance(exc, NotADirectoryError):
        return "a parent is not a directory"
    if isinstance(exc, FileNotFoundError):
        return "no such directory"
    if isinstance(exc, PermissionError):
        return "permission denied"
    return exc.strerror or str(exc)


def _cannot_write(path: Path, exc: OSError | str) -> QuotesError:
    reason = exc if isinstance(exc, str) else _reason(exc)
    return QuotesError(f"cannot write output {str(path)!r}: {reason}")


def check_not_an_input(output: Path, inputs: list[str]) -> None:
    """Refuse an output that is one of the inputs (the same file by any path): it would be
    read after being written, or emptied before being read."""
    for name in inputs:
        if name == "-":
            continue
        with suppress(OSError):
            if os.path.samefile(output, name):
                raise QuotesError(
                    f"output {str(output)!r} is also an input: choose another --output"
                )


class OutputFile:
    """A text file written under a temporary name beside ``target`` (see the module)."""

    def __init__(self, target: Path) -> None:
        self.target = Path(os.path.realpath(target)) if target.is_symlink() else target
        self.shown = target  # the path as the user gave it, for messages
        self.temp: Path | None = None
        try:
            st = self.target.stat()
        except FileNotFoundError:
            st = None
        except OSError as exc:
            raise _cannot_write(target, exc) from None
        if st is not None and stat.S_ISDIR(st.st_mode):
            raise _cannot_write(target, "is a directory")
        self.existed = st is not None
        try:
            if st is not None and not stat.S_ISREG(st.st_mode):  # a device or a pipe
                # closed by commit, keep_partial or discard
                self.stream = open(  # noqa: SIM115
                    self.target, "a", encoding="utf-8", newline="", errors=ERRORS
                )
            else:
                self.stream = self._open_temp(st)
        except OSError as exc:
            raise _cannot_write(target, exc) from None

    def _open_temp(self, st: os.stat_result | None) -> Any:
        fd, name = tempfile.mkstemp(
            prefix=f".{self.target.name}.", suffix=".tmp", dir=self.target.parent
        )
        self.temp = Path(name)
        # the mode the file would have had (mkstemp's 0600 would hide results from others)
        mode = stat.S_IMODE(st.st_mode) if st is not None else 0o666 & ~_umask()
        with suppress(OSError):
            os.chmod(fd, mode)
        return open(fd, "w", encoding="utf-8", newline="", errors=ERRORS)

    def own_paths(self) -> list[Path]:
        """What this run writes beside ``target``, for a directory walk to skip."""
        stem = self.target.with_name(self.target.stem + "_files")  # an HTML site's pages
        paths = [self.target, self.partial, stem]
        return paths + ([self.temp] if self.temp is not None else [])

    @property
    def partial(self) -> Path:
        return self.target.with_name(self.target.name + ".partial")

    def commit(self, documents: int) -> str | None:
        """Close and put the output in place; a note for the user when an earlier file was
        kept because this run wrote no document. OSError if the last writes fail."""
        self.stream.close()
        if self.temp is None:
            return None
        if documents == 0 and self.existed:
            self.discard()
            return f"no document was written: {str(self.shown)!r} left as it was"
        os.replace(self.temp, self.target)
        self.temp = None
        return None

    def keep_partial(self) -> Path | None:
        """After an interruption: what was finished, as ``FILE.partial`` (None when written in
        place: a device or a pipe)."""
        with suppress(OSError):
            self.stream.close()
        if self.temp is None:
            return None
        try:
            os.replace(self.temp, self.partial)
        except OSError:
            self.discard()
            return None
        self.temp = None
        return self.partial

    def discard(self) -> None:
        """Drop what was written; the target stays as it was."""
        with suppress(OSError):
            self.stream.close()
        if self.temp is not None:
            with suppress(OSError):
                self.temp.unlink()
            self.temp = None

    # the text stream's methods, for the writers
    def write(self, text: str) -> int:
        return self.stream.write(text)

    def flush(self) -> None:
        self.stream.flush()

    def isatty(self) -> bool:
        return False

    def __getattr__(self, name: str) -> Any:
        if name == "stream":  # not open (yet): never recurse
            raise AttributeError(name)
        return getattr(self.stream, name)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


class Sink:
    """Where the writer writes, and what becomes of it at the end of the run."""

    def __init__(self, stream: Any, shown: str = "standard output") -> None:
        self.stream = stream
        self.shown = shown

    def own_paths(self) -> list[Path]:
        return []

    def commit(self, documents: int) -> str | None:
        self.stream.flush()
        return None

    def keep_partial(self) -> Path | None:
        with suppress(OSError, ValueError):
            self.stream.flush()
        return None

    def discard(self) -> None:
        pass


class FileSink(Sink):
    """``--output FILE`` (see :class:`OutputFile`)."""

    def __init__(self, path: Path) -> None:
        self.file = OutputFile(path)
        super().__init__(self.file, str(path))

    def own_paths(self) -> list[Path]:
        return self.file.own_paths()

    def commit(self, documents: int) -> str | None:
        return self.file.commit(documents)

    def keep_partial(self) -> Path | None:
        return self.file.keep_partial()

    def discard(self) -> None:
        self.file.discard()


class SiteSink(Sink):
    """``--format html -o DIR``: pages written into a directory as they come."""

    def __init__(self, directory: Path) -> None:
        from .html import SiteOutput

        try:
            directory.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise _cannot_write(directory, exc) from None
        self.directory = directory
        super().__init__(SiteOutput(directory), str(directory))

    def own_paths(self) -> list[Path]:
        return [self.directory]


def open_sink(output: Path | None, output_format: str, stdout: Any) -> Sink:
    """The sink of a run, opened now so that a bad ``--output`` fails before the model loads.
    An HTML site goes to a directory: an existing one, or a new path without an extension."""
    if output is None:
        if stdout is None:  # started with standard output closed (`>&-`)
            raise QuotesError("cannot write output: standard output is closed (use --output)")
        with suppress(AttributeError, ValueError):  # a lone surrogate never stops the run
            stdout.reconfigure(errors=ERRORS)
        return Sink(stdout)
    if output_format == "html" and (output.is_dir() or not output.suffix):
        return SiteSink(output)
    return FileSink(output)
