"""Text decoded with the wrong codec: GBK read as Latin-1/cp1252 (`»ù²ã` -> `基层`, lossless) and
UTF-8 read as GBK (`鍩哄眰` -> `基层`, lossless except where the misreading swallowed a byte)."""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import accumulate

from core.textrepair.edits import Edit
from core.textrepair.lm import HAN, model

_MIN_GAIN = 8.0
_NO_PAIRS: dict[str, float] = {}
_UNRECOVERABLE = re.compile("(?:锟斤拷)+|(?:\ufffd)+")


@lru_cache(maxsize=1)
def _latin_bytes() -> dict[str, int]:
    """Character -> byte for Latin-1 and cp1252 readings of the bytes 0x80-0xFF."""
    table = {chr(b): b for b in range(0x80, 0x100)}
    for b in range(0x80, 0xA0):
        try:
            table[bytes((b,)).decode("cp1252")] = b
        except UnicodeDecodeError:
            continue
    return table


@lru_cache(maxsize=1)
def _latin_translation() -> dict[int, int]:
    """`str.translate` table turning the cp1252 readings into the Latin-1 ones of the same bytes."""
    return {ord(c): b for c, b in _latin_bytes().items()}


def _leads() -> str:
    # NBSP (0xA0) is never taken as a lead byte: runs of &nbsp; are layout, not GBK.
    return "".join(re.escape(c) for c in sorted(_latin_bytes()) if c != "\xa0")


@lru_cache(maxsize=1)
def _latin_run() -> re.Pattern[str]:
    high = "".join(re.escape(c) for c in sorted(_latin_bytes()))
    lead = _leads()
    return re.compile(f"(?:[{lead}][\x40-\x7e{high}]|[\x40-\x7e])*[{lead}][\x40-\x7e{high}]")


@lru_cache(maxsize=1)
def _latin_lead() -> re.Pattern[str]:
    """A lead byte's Latin-1/cp1252 reading followed by a possible trail: every run holds one."""
    high = "".join(re.escape(c) for c in sorted(_latin_bytes()))
    return re.compile(f"[{_leads()}][\x40-\x7e{high}]")


_CJK = re.compile(HAN.pattern[:-1] + "\u3000-\u303f\uff00-\uffef]")


def _cjk_share(text: str) -> float:
    if not text:
        return 0.0
    return len(_CJK.findall(text)) / len(text)


def find_latin1(text: str) -> list[Edit]:
    """GBK bytes shown as Latin-1/cp1252 characters: map the characters back to bytes and re-read."""
    if text.isascii() or _latin_lead().search(text) is None:
        return []  # a cheap scan (the run pattern retries at every ASCII letter)
    table = _latin_bytes()
    edits: list[Edit] = []
    for match in _latin_run().finditer(text):
        run = match.group()
        first_high = next(i for i, c in enumerate(run) if c in table)
        start = match.start() + first_high
        raw = run[first_high:].translate(_latin_translation()).encode("latin-1")
        try:
            repaired = raw.decode("gb18030")
        except UnicodeDecodeError:
            continue
        if len(repaired) < 2 or _cjk_share(repaired.replace(" ", "")) < 0.5:
            continue
        original = text[start : match.end()]
        left = text[start - 1] if start else None
        right = text[match.end()] if match.end() < len(text) else None
        lm = model()  # loaded only for a run that decodes to mostly CJK text
        if lm.gains(repaired, original, left, right, _MIN_GAIN):
            edits.append(Edit(start, match.end(), repaired, "gbk_as_latin1", 0.99))
    return edits


@lru_cache(maxsize=1)
def _utf8_signature() -> re.Pattern[str]:
    """Characters whose GBK bytes are a UTF-8 CJK lead byte followed by a continuation byte."""
    chars = []
    for lead in range(0xE3, 0xEA):
        for trail in range(0x80, 0xC0):
            try:
                chars.append(bytes((lead, trail)).decode("gb18030"))
            except UnicodeDecodeError:
                continue
    return re.compile("[" + "".join(re.escape(c) for c in chars) + "]")


@lru_cache(maxsize=1)
def _two_byte_chars() -> frozenset[str]:
    """The characters that GBK writes in two bytes, and U+FFFD."""
    found = {"\ufffd"}
    for code in range(0x80, 0x10000):
        ch = chr(code)
        try:
            if len(ch.encode("gb18030")) == 2:
                found.add(ch)
        except UnicodeEncodeError:
            continue
    return frozenset(found)


@lru_cache(maxsize=1)
def _gbk_runs() -> re.Pattern[str]:
    """Stretches of characters that GBK writes in two bytes (or U+FFFD)."""
    return re.compile("[" + "".join(re.escape(c) for c in sorted(_two_byte_chars())) + "]+")


@lru_cache(maxsize=4096)
def _completions(partial: bytes) -> tuple[str, ...]:
    """The UTF-8 characters starting with `partial` plus one continuation byte."""
    found = []
    for last in range(0x80, 0xC0):
        try:
            found.append((partial + bytes((last,))).decode("utf-8"))
        except UnicodeDecodeError:
            continue
    return tuple(found)


def _complete(lm_left: str | None, partial: bytes) -> str | None:
    """The most likely UTF-8 character starting with `partial` after `lm_left` (its last byte was
    lost); of equally likely ones, the first (by its last byte)."""
    lm = model()
    found = _completions(partial)
    if partial[0] >= 0xF0:  # characters outside the BMP, which the tables lack
        scores = [lm.logp(lm_left, ch) for ch in found]
    elif lm_left is None:
        scores = list(map(lm.char_table.get, found))
    else:  # lm.logp(lm_left, ch) of each, looked up at C speed
        scores = list(map(lm.pair_table.get(lm_left, _NO_PAIRS).get, found, map(lm.unpaired_table.get, found)))
    return found[scores.index(max(scores))] if scores else None


def _reread_utf8(raw: bytes, length: int, fffd_end: bool, following: str | None) -> tuple[str, int] | None:
    """Re-read the GBK bytes of a run of `length` characters as UTF-8 from its start: the text and
    how many characters of the run (plus a `?` after it) it replaces. `raw` holds the run's bytes
    without a closing U+FFFD (`fffd_end`), a U+FFFD inside as byte 0x80. A U+FFFD or `?` where the
    misreading swallowed the last byte of a UTF-8 character is completed by the model."""
    lost_last = fffd_end or following == "?"
    body = length - 1 if fffd_end else length
    try:
        return raw.decode("utf-8"), body
    except UnicodeDecodeError as exc:
        valid, reason = exc.start, exc.reason
    if lost_last and reason == "unexpected end of data" and len(raw) - valid == 2:
        head = raw[:valid].decode("utf-8")
        completed = _complete(head[-1:] or None, raw[valid:])
        if completed:
            return head + completed, length if fffd_end else length + 1
    cut = valid - (valid % 2)
    while cut > 0 and cut < len(raw) and 0x80 <= raw[cut] <= 0xBF:
        cut -= 2
    if cut <= 0:
        return None
    return raw[:cut].decode("utf-8"), cut // 2


def _run_bytes(run: str) -> tuple[bytes, list[int]]:
    """The GBK bytes of `run` (U+FFFD as 0x80) and each character's offset in them (+ the end)."""
    raw = b"\x80".join(part.encode("gb18030") for part in run.split("\ufffd"))
    # Every character of a run but U+FFFD takes two bytes.
    return raw, list(accumulate((1 if c == "\ufffd" else 2 for c in run), initial=0))


def find_utf8_as_gbk(text: str) -> list[Edit]:
    if text.isascii():
        return []
    signature = _utf8_signature()
    hit = signature.search(text)
    if hit is None:
        return []
    edits: list[Edit] = []
    covered = 0
    for run in _gbk_runs().finditer(text):
        start, end = run.span()
        if not signature.search(text, start, end):
            continue
        raw, offsets = _run_bytes(text[start:end])
        fffd_end = text[end - 1] == "\ufffd"
        following = text[end] if end < len(text) else None
        stop_byte = offsets[end - 1 - start] if fffd_end else offsets[-1]
        position = max(start, covered)
        while position < end:
            at = offsets[position - start]
            # A UTF-8 reading must open with a lead byte and a continuation byte.
            if at + 1 >= stop_byte or not (0xC2 <= raw[at] <= 0xF4 and 0x80 <= raw[at + 1] <= 0xBF):
                position += 1
                continue
            reread = _reread_utf8(raw[at:stop_byte], end - position, fffd_end, following)
            if reread is None or reread[1] < 2:
                position += 1
                continue
            repaired, used = reread
            stop = position + used
            left = text[position - 1] if position else None
            right = text[stop] if stop < len(text) else None
            # The model is loaded only for a re-reading that is mostly CJK text.
            if _cjk_share(repaired) >= 0.5 and model().gains(repaired, text[position:stop], left, right, _MIN_GAIN):
                edits.append(Edit(position, stop, repaired, "utf8_as_gbk", 0.95))
                position = stop
            else:
                position += 1
        covered = end
    return edits


def find_unrecoverable(text: str) -> list[Edit]:
    """`锟斤拷` (U+FFFD pairs written as UTF-8 and read as GBK) and U+FFFD: noted, not changed."""
    if "\ufffd" not in text and "锟" not in text:
        return []
    return [Edit(m.start(), m.end(), m.group(), "unrecoverable", 0.0) for m in _UNRECOVERABLE.finditer(text)]
