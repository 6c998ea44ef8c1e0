"""Text repair: undo the damage that mirrors, converters and old CMSes do to Chinese news text.

Pure functions. Stages run in a fixed order, each on the previous stage's output, and every edit is
recorded as a `Repair` whose span points into the *original* input:

1. GBK read as Latin-1/cp1252 (`mojibake.find_latin1`)
2. invisible/control characters, then NFC (`hygiene`)
3. UTF-8 read as GBK (`mojibake.find_utf8_as_gbk`)
4. pinyin glued after characters (`pinyin`)
5. GB18030 byte loss (`byteloss`)
6. `锟斤拷` and U+FFFD noted as unrecoverable (text unchanged)

Clean text comes back as the very same string. The stored text is never NFKC'd.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from core.article import Article, Image, Repair
from core.textrepair import byteloss, hygiene, mojibake, pinyin
from core.textrepair.edits import Edit, Tracker

__all__ = ["RepairResult", "repair_article", "repair_text"]

_STAGES: tuple[Callable[[str], list[Edit]], ...] = (
    mojibake.find_latin1,
    hygiene.find_invisible,
    hygiene.find_unnormalized,
    mojibake.find_utf8_as_gbk,
    pinyin.find,
    byteloss.find,
)


@lru_cache(maxsize=1)
def _suspect() -> re.Pattern[str]:
    """Matches wherever some stage might find something: a text in NFC without a match is clean.

    Each alternative is what one stage looks for before it looks further: a run of Latin-1/cp1252
    characters (GBK read as Latin-1), an invisible character, a UTF-8-as-GBK telltale, a bracketed
    Latin word (pinyin), an uncommon character or a Latin letter between Han characters (byte
    loss), U+FFFD or `锟` (unrecoverable). None of them needs the character model."""
    alternatives = (
        mojibake._latin_run().pattern,
        hygiene._INVISIBLE.pattern,
        mojibake._utf8_signature().pattern,
        pinyin._GROUP.pattern,
        byteloss._suspect_pattern().pattern,
        byteloss._LONE_LETTER.pattern,
        "[\ufffd锟]",
    )
    return re.compile("|".join(f"(?:{pattern})" for pattern in alternatives))


def _clean(text: str) -> bool:
    return _suspect().search(text) is None and unicodedata.is_normalized("NFC", text)


@dataclass(frozen=True, slots=True)
class RepairResult:
    text: str
    repairs: list[Repair]
    changed: bool


def repair_text(text: str, field: str = "text") -> RepairResult:
    """Repair one text; `field` names it in each `Repair` (e.g. `body[3]`)."""
    if (text.isascii() and text.isprintable()) or _clean(text):
        return RepairResult(text, [], False)
    tracker = Tracker(text, field)
    for stage in _STAGES:
        tracker.apply(stage(tracker.text))
    tracker.note(mojibake.find_unrecoverable(tracker.text))
    return RepairResult(tracker.text, tracker.repairs, tracker.text != text)


def _repair_optional(value: str | None, field: str, found: list[Repair]) -> str | None:
    if value is None:
        return None
    result = repair_text(value, field)
    found.extend(result.repairs)
    return result.text


def _repair_list(values: list[str], field: str, found: list[Repair]) -> list[str]:
    out = []
    for index, value in enumerate(values):
        result = repair_text(value, f"{field}[{index}]")
        found.extend(result.repairs)
        out.append(result.text)
    return out


def repair_article(article: Article) -> Article:
    """A copy of `article` with every text field repaired and the repairs appended."""
    found: list[Repair] = []
    title = repair_text(article.title, "title")
    found.extend(title.repairs)
    pretitle = _repair_optional(article.pretitle, "pretitle", found)
    subtitle = _repair_optional(article.subtitle, "subtitle", found)
    authors = _repair_list(article.authors, "authors", found)
    editors = _repair_list(article.editors, "editors", found)
    source = _repair_optional(article.source, "source", found)
    body = _repair_list(article.body, "body", found)
    images = []
    for index, image in enumerate(article.images):
        caption = _repair_optional(image.caption, f"images[{index}].caption", found)
        images.append(Image(image.url, caption))
    channel = _repair_list(article.channel, "channel", found)
    return dataclasses.replace(
        article, title=title.text, pretitle=pretitle, subtitle=subtitle, authors=authors, editors=editors,
        source=source, body=body, images=images, channel=channel, repairs=[*article.repairs, *found],
    )
