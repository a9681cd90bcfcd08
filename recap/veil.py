"""Spoiler payloads as a page holds them: veiled, so that no word of a locked event can
be read in the page's source, found by a search engine or read aloud, while they still
gzip as well as plain text (base64 costs a third more bytes and compresses worse).

Letters and digits are rotated half-way round the 62 of them (ASCII's other characters,
JSON's punctuation among them, stay as they are: nothing new for a host's Markdown or
template engine to read), and every other character moves to its neighbour in its own
Unicode block (the last bit of each UTF-8 continuation byte flips, which keeps the
UTF-8 valid). Both are their own inverse: veiling twice gives the text back. The page's
script undoes it (`unveil` in recap/static/js/core.js).
"""

from __future__ import annotations

import html

_ALPHANUMERICS = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
_HALF = len(_ALPHANUMERICS) // 2


def _table() -> bytes:
    table = bytearray(range(256))
    for index, byte in enumerate(_ALPHANUMERICS):
        table[byte] = _ALPHANUMERICS[(index + _HALF) % len(_ALPHANUMERICS)]
    for byte in range(0x80, 0xC0):  # UTF-8 continuation bytes
        table[byte] = byte ^ 1
    return bytes(table)


_TABLE = _table()


def veil(text: str) -> str:
    """Return `text` veiled (an involution: `veil(veil(text)) == text`)."""
    return text.encode("utf-8").translate(_TABLE).decode("utf-8")


def unveil_held(held: str) -> str:
    """Return the text a page holds (HTML-escaped, veiled) as it was: for tests and tools."""
    return veil(html.unescape(held))
