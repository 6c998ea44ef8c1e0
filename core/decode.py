"""Turn response bytes into text once, saying which encoding was used and why.

Chinese pages are often mislabelled: GB2312 labels on GBK or GB18030 bytes, GB2312 labels on
UTF-8 bytes (re-encoded by whoever saved them), no label at all. w3lib (what Scrapy uses) decodes
such pages with silent U+FFFD insertions; here a declared encoding is only trusted when it decodes
strictly, and valid UTF-8 wins over any non-UTF-8 label because random CJK bytes are almost never
valid UTF-8.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from charset_normalizer import from_bytes
from w3lib.encoding import html_body_declared_encoding, http_content_type_encoding, read_bom

from core.textrepair.lm import common_characters

_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
PLAUSIBILITY_SAMPLE = 60_000
"""Characters of a decoding read to judge it (the start of a page is enough)."""
REPLACEMENT_PENALTY = 5.0
REPLACEMENT_FLOOR = 20
"""Replacements are counted per Han character, but per at least this many (short texts)."""
PLAUSIBLE = 0.6
"""A reading whose plausibility is below this is not trusted; charset-normalizer is asked."""

# Browser rule (WHATWG): these labels decode with the superset codec.
_SUPERSETS = {
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "x-gbk": "gb18030",
    "csgb2312": "gb18030",
    "gb_2312-80": "gb18030",
    "chinese": "gb18030",
    "euc-cn": "gb18030",
    "iso-ir-58": "gb18030",
    "cp936": "gb18030",
    "big5": "big5hkscs",
    "big5-hkscs": "big5hkscs",
    "cn-big5": "big5hkscs",
    "x-x-big5": "big5hkscs",
    "csbig5": "big5hkscs",
    "cp950": "big5hkscs",
    "iso-8859-1": "cp1252",
    "latin1": "cp1252",
    "us-ascii": "cp1252",
    "ascii": "cp1252",
}


@dataclass(frozen=True, slots=True)
class Decoded:
    text: str
    encoding: str
    reason: str
    replacements: int = 0


def normalize_label(label: str | None) -> str | None:
    """Map a charset label to the Python codec a browser would use, or None if unknown."""
    if not label:
        return None
    key = label.strip().strip("\"'").lower()
    if key in _SUPERSETS:
        return _SUPERSETS[key]
    try:
        name = codecs.lookup(key).name
    except LookupError:
        return None
    return _SUPERSETS.get(name, name)


def _strict(body: bytes, encoding: str) -> str | None:
    try:
        return body.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def decode_html(body: bytes, content_type: str | None = None) -> Decoded:
    """Decode an HTML (or text) body: BOM, then a strict check of header/meta labels, then sniffing."""
    bom = read_bom(body)
    if bom[0]:
        encoding = normalize_label(bom[0]) or bom[0]
        return Decoded(body[len(bom[1]):].decode(encoding, "replace"), encoding, "bom")

    header = normalize_label(http_content_type_encoding(content_type)) if content_type else None
    meta = normalize_label(html_body_declared_encoding(body))
    declared = header or meta
    where = "header" if header else "meta"

    if body.isascii():
        return Decoded(body.decode("ascii"), declared or "utf-8", f"{where}: ascii-only" if declared else "ascii")

    utf8 = _strict(body, "utf-8")
    if utf8 is not None:
        if declared in (None, "utf-8"):
            return Decoded(utf8, "utf-8", where if declared else "sniffed: valid utf-8")
        return Decoded(utf8, "utf-8", f"{where} said {declared}, bytes are valid utf-8")

    if declared:
        text = _strict(body, declared)
        if text is not None:
            return Decoded(text, declared, where)
    return _most_plausible(body, declared, where)


def _plausibility(text: str, replacements: int) -> float:
    """How much a decoding reads like Chinese text: the share of its Han characters that are
    common ones, less a penalty per replacement character (a text without Han scores 1)."""
    han = _HAN.findall(text, 0, PLAUSIBILITY_SAMPLE)
    if not han:
        return 1.0 - replacements / max(1, len(text))
    common = common_characters()
    share = sum(1 for ch in han if ch in common) / len(han)
    return share - REPLACEMENT_PENALTY * replacements / max(len(han), REPLACEMENT_FLOOR)


def _most_plausible(body: bytes, declared: str | None, where: str) -> Decoded:
    """No declared encoding decodes strictly: compare the declared encoding, UTF-8, gb18030 and Big5.

    gb18030 decodes almost any bytes, so decoding without error proves little: a Big5 page with
    one bad sequence stays Big5 with one replacement character, because its text is plausible
    where the gb18030 reading of the same bytes is not."""
    candidates = dict.fromkeys(c for c in (declared, "utf-8", "gb18030", "big5hkscs") if c)
    readings = []
    for order, codec in enumerate(candidates):
        text = body.decode(codec, "replace")
        count = text.count("\ufffd")
        readings.append((_plausibility(text, count), -order, text, codec, count))
    score, _, text, codec, count = max(readings)
    if score >= PLAUSIBLE:
        said = f"{where} said {declared}, which fails; " if declared else "sniffed; "
        why = f"bytes are valid {codec}" if not count else f"{codec} reads best, with {count} replacement(s)"
        return Decoded(text, codec, said + why, count)
    return _guess(body, declared)


class UndecodableError(ValueError):
    """No encoding reads the bytes as plausible text (binary data, random bytes)."""


def _guess(body: bytes, declared: str | None) -> Decoded:
    """Last resort: charset-normalizer's guess when it decodes cleanly, else the most plausible
    reading of the declared encoding, UTF-8, gb18030 and the guess, if any is plausible; raises
    `UndecodableError` when none is (a page of such text is no article, whatever it is labelled)."""
    best = from_bytes(body).best()
    guess = normalize_label(best.encoding) if best else None
    if guess:
        text = _strict(body, guess)
        if text is not None:
            return Decoded(text, guess, "charset-normalizer guess")

    readings = []
    for codec in dict.fromkeys(c for c in (declared, "utf-8", "gb18030", guess) if c):
        text = body.decode(codec, "replace")
        count = text.count("\ufffd")
        readings.append((_plausibility(text, count), -count, text, codec))
    score, negative_count, text, encoding = max(readings)
    if score < PLAUSIBLE:
        raise UndecodableError(
            f"no readable text: no encoding reads the {len(body)} bytes plausibly "
            f"(best: {encoding}, {-negative_count} replacement characters, plausibility {max(score, 0):.2f})"
        )
    return Decoded(text, encoding, f"no clean decoding; {encoding} with {-negative_count} replacement(s)", -negative_count)
