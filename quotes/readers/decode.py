"""Bytes to text: byte order marks, UTF-8 by default, UTF-16/32 with a BOM, binary detection, and
the charset an HTML page declares.

Text is never normalised: newlines and everything else are kept as decoded, so that character
offsets computed on the text refer to the input. Undecodable bytes become U+FFFD, with a warning.
"""

from __future__ import annotations

import codecs
import re

__all__ = ["BLANK", "bom", "decode", "decode_bytes", "decode_html", "is_binary", "page_codec"]

#: Whitespace a decoded text may start with, a BOM the decoder left in included.
BLANK = " \t\r\n\f\v\ufeff"

_BOMS = (
    # UTF-32 first: its little-endian BOM starts with the UTF-16 one.
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_ENCODING_NAMES = {
    "utf-8": "UTF-8",
    "utf-16-le": "UTF-16LE",
    "utf-16-be": "UTF-16BE",
    "utf-32-le": "UTF-32LE",
    "utf-32-be": "UTF-32BE",
}


def bom(data: bytes) -> tuple[str, int]:
    """The encoding announced by a byte order mark, and the mark's length (UTF-8, 0 without)."""
    for mark, encoding in _BOMS:
        if data.startswith(mark):
            return encoding, len(mark)
    return "utf-8", 0


def decode(data: bytes) -> tuple[str, str | None]:
    """Decode ``data`` BOM-aware (default UTF-8); return the text and a warning or None."""
    encoding, skip = bom(data)
    body = memoryview(data)[skip:]
    if encoding.startswith("utf-32"):
        try:
            return str(body, encoding), None
        except UnicodeDecodeError:
            # FF FE 00 00 may also be a UTF-16LE BOM followed by U+0000.
            if encoding == "utf-32-le":
                try:
                    return str(memoryview(data)[2:], "utf-16-le"), None
                except UnicodeDecodeError:
                    pass
    try:
        return str(body, encoding), None
    except UnicodeDecodeError as exc:
        name = _ENCODING_NAMES.get(encoding, encoding)
        warning = (
            f"invalid {name} at byte {exc.start + skip}: undecodable bytes replaced with U+FFFD"
        )
        return str(body, encoding, "replace"), warning


def decode_bytes(data: bytes) -> tuple[str, bool]:
    """Decode a file's bytes: UTF-8 by default, a UTF-8 BOM dropped, UTF-16/32 with BOM recognised.

    Returns ``(text, had_replacements)``: undecodable bytes become U+FFFD. Nothing else is changed
    (newlines are kept as they are).
    """
    text, warning = decode(data)
    return text, warning is not None


def is_binary(data: bytes) -> bool:
    """True if ``data`` is not text: it contains NUL characters once decoded (BOM-aware)."""
    encoding, _ = bom(data)
    if encoding == "utf-8":
        return b"\x00" in data
    return "\x00" in decode(data)[0]


_META_CHARSET = re.compile(
    rb"""<meta[^>]*?charset\s*=\s*["']?\s*([a-z0-9_.:-]+)""", re.IGNORECASE | re.DOTALL
)
_XML_ENCODING = re.compile(rb"""<\?xml[^>]*?encoding\s*=\s*["']([a-z0-9_.:-]+)""", re.IGNORECASE)
# What browsers do (WHATWG Encoding Standard): these labels mean windows-1252.
_LATIN1_ALIASES = frozenset({"latin-1", "iso8859-1", "ascii"})


# Codecs a page may declare that do not decode text the way a browser would: byte-to-byte
# codecs (hex, base64, zlib), text transforms (rot13), ones that always fail (undefined) or that
# decode domain names or escapes. Browsers refuse UTF-7 outright (a known XSS vector).
_NOT_PAGE_CODECS = frozenset(
    {"idna", "punycode", "undefined", "unicode_escape", "raw_unicode_escape", "utf-7", "mbcs"}
)


def page_codec(label: str) -> str | None:
    """The Python codec for a charset label an HTML page declares, or None when there is none
    or it is no text encoding a page can be in (``hex``, ``base64``, ``rot13``, ``idna``...)."""
    try:
        info = codecs.lookup(label)
    except (LookupError, ValueError):  # unknown, or a label with a NUL
        return None
    if not getattr(info, "_is_text_encoding", True) or info.name in _NOT_PAGE_CODECS:
        return None
    return "cp1252" if info.name in _LATIN1_ALIASES else info.name


def decode_html(data: bytes) -> tuple[str, str | None]:
    """Decode an HTML page: BOM, else UTF-8, else the charset the page declares, else UTF-8
    with replacement. Offsets refer to the extracted text, so honouring a declared legacy charset
    is safe here (and it is what a browser would show)."""
    if bom(data)[1] == 0:
        try:
            return data.decode("utf-8"), None
        except UnicodeDecodeError:
            pass
        head = data[:4096]
        match = _META_CHARSET.search(head) or _XML_ENCODING.search(head)
        codec = page_codec(match.group(1).decode("ascii")) if match else None
        if codec is not None and not codec.startswith("utf"):
            try:
                return data.decode(codec), None
            except UnicodeDecodeError as exc:
                warning = (
                    f"invalid {codec} at byte {exc.start}: undecodable bytes replaced with U+FFFD"
                )
                return data.decode(codec, "replace"), warning
            except (UnicodeError, LookupError, ValueError, TypeError):
                pass  # a codec that fails otherwise: read the page as UTF-8 below
    return decode(data)
