"""Printing scraped text to a terminal: always as text, never as markup or control sequences.

Rich parses `[bold]`-style markup and `:emoji:` codes in plain strings, and a terminal obeys the
escape sequences (ANSI colours, OSC titles and hyperlinks) that a hostile page can put in a title.
Every table and line the CLI prints for people goes through `console()` and `plain()`.
"""

from __future__ import annotations

import re
from typing import Any

from rich.console import Console
from rich.text import Text

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _picture(match: re.Match[str]) -> str:
    """The visible stand-in of a control character: U+2400 + code (␛ for ESC), U+2421 for DEL,
    U+FFFD for the C1 range."""
    code = ord(match.group())
    if code < 0x20:
        return chr(0x2400 + code)
    return "\u2421" if code == 0x7F else "\ufffd"


def printable(value: Any) -> str:
    """`value` as one line of text a terminal prints as it is (control characters made visible)."""
    if value is None:
        return ""
    if isinstance(value, list):
        value = "; ".join(printable(item) for item in value)
    return _CONTROL.sub(_picture, str(value))


def plain(value: Any, style: str = "") -> Text:
    """A rich `Text` of scraped text: no markup, no emoji codes, no control sequences."""
    return Text(printable(value), style=style)


def console(stderr: bool = False, soft_wrap: bool = False) -> Console:
    """A console that interprets nothing in the strings it prints; `soft_wrap` leaves long lines
    to the terminal (text piped elsewhere keeps its paragraphs whole)."""
    return Console(stderr=stderr, markup=False, emoji=False, highlight=False, soft_wrap=soft_wrap)
