"""What free text may hold when it is stored: the one cleaning every form and every domain
function that takes text applies (docs/input-bounds.md lists the characters and why).

Names and messages are shown to other people and searched for. Control characters ring
bells and move cursors in terminals and logs, a NUL makes PostgreSQL refuse the query, and
direction overrides and invisible characters make a name read as something it is not
(«Sara\u202eNAV» shows as «SaraVAN»; «Sa\u200bra» is not found by a search for «Sara»)."""

from __future__ import annotations

import functools
import re
import unicodedata

# Removed everywhere: C0 controls but tab, newline and carriage return; DEL and the C1
# controls; the soft hyphen; the Arabic letter mark, the Mongolian vowel separator, the
# zero-width space, left-to-right and right-to-left marks; the bidi embeddings, overrides
# and isolates; the word joiner and invisible operators; the byte-order mark; interlinear
# annotation marks; and lone surrogates (which cannot be stored as UTF-8). Zero-width
# joiner and non-joiner (U+200C, U+200D) stay: emoji sequences and Persian need them.
_INVISIBLE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u00ad\u061c\u180e\u200b\u200e\u200f"
    "\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\ufff9-\ufffb\ud800-\udfff]"
)
# Line breaks and tabs: kept in multi-line text (the Unicode line and paragraph separators
# become a newline), one space each in a single-line field such as a name.
_LINE_BREAKS = re.compile("[\t\n\r\u2028\u2029]")
_UNICODE_LINE_BREAKS = re.compile("[\u2028\u2029]")


def clean_text(value: str, *, multiline: bool = False) -> str:
    """`value` without control, direction and invisible format characters, in Unicode NFC
    (so «å» typed two ways is stored and found one way)."""
    text = _INVISIBLE.sub("", value)
    breaks, replacement = (_UNICODE_LINE_BREAKS, "\n") if multiline else (_LINE_BREAKS, " ")
    text = breaks.sub(replacement, text)
    return unicodedata.normalize("NFC", text)


def cleans_text(*single_line: str, multiline: tuple[str, ...] = ()):
    """Clean these keyword arguments of a domain function with `clean_text` before it runs,
    so text that reaches Los some other way than a form (the JSON API) is cleaned too."""

    def decorate(function):
        @functools.wraps(function)
        def cleaned(*args, **kwargs):
            for names, lines in ((single_line, False), (multiline, True)):
                for name in names:
                    if isinstance(kwargs.get(name), str):
                        kwargs[name] = clean_text(kwargs[name], multiline=lines)
            return function(*args, **kwargs)

        return cleaned

    return decorate


def clean_texts(values: dict) -> dict:
    """The same dict with every text in it cleaned (multi-line kept): for domain functions
    that take a record's fields as a dict."""
    return {
        name: clean_text(value, multiline=True) if isinstance(value, str) else value
        for name, value in values.items()
    }
