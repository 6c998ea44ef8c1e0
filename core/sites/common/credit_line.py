"""Labelled credit lines: `来源：X 作者：A、B 责任编辑：C`, `本报记者 王乐文 方 敏` -> `Credits`."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from core.sites.common.credit_tables import CREDIT_LABELS, SEPARATORS
from core.sites.common.dates import find_dates
from core.sites.common.names import looks_like_person, split_names
from core.sites.common.sources import clean_source, outlet_and_rest
from core.sites.common.text import collapse_marked, strip_pinyin, unmark

_LABEL_RE = re.compile(
    "|".join(
        f"(?P<k{i}>(?:{regex}){SEPARATORS[separator]})"
        for i, (_, regex, separator) in enumerate(CREDIT_LABELS)
    )
)
_LABEL_ONLY = re.compile(r"(?:" + "|".join(regex for _, regex, _ in CREDIT_LABELS) + r")\s*[:：︰]?\s*")
_LABEL_KIND = {f"k{i}": kind for i, (kind, _, _) in enumerate(CREDIT_LABELS)}
_CLOSING = {"[": "]", "【": "】", "（": "）", "(": ")", "〔": "〕"}


@dataclass(slots=True)
class Credits:
    """What a credit line says."""

    authors: list[str] = field(default_factory=list)
    editors: list[str] = field(default_factory=list)
    source: str | None = None
    photographers: list[str] = field(default_factory=list)

    def merge(self, other: Credits) -> None:
        for name in other.authors:
            if name not in self.authors:
                self.authors.append(name)
        for name in other.editors:
            if name not in self.editors:
                self.editors.append(name)
        if self.source is None:
            self.source = other.source


def _cut_value(value: str) -> str:
    """A label's value ends at a dateline, a bar, a wide gap or the bracket that closes the credit."""
    stripped = value.strip()
    if stripped[:1] in _CLOSING and _CLOSING[stripped[0]] in stripped:
        value = stripped[: stripped.index(_CLOSING[stripped[0]]) + 1]
    else:
        value = re.split(r"[\]】〕]", value, maxsplit=1)[0]
    dates = find_dates(value)
    if dates:
        value = value[: dates[0][0]]
    return re.split(r"\s*[|丨︱]\s*|\s{3,}", value.strip(), maxsplit=1)[0] if value.strip() else ""


def parse_credit_line(line: str) -> Credits:
    """Read labelled credits from one line: `来源：X 作者：A、B 责任编辑：C`, `本报记者 王乐文 方 敏`.

    An empty value (`作者: 浏览:次`) gives nothing; it never borrows the next label.
    """
    credits = Credits()
    text = strip_pinyin(collapse_marked(line))
    matches = list(_LABEL_RE.finditer(text))
    for index, match in enumerate(matches):
        kind = _LABEL_KIND[match.lastgroup or ""]
        end = matches[index + 1].start() if index + 1 < len(matches) else len(text)
        raw = text[match.end() : end]
        linked = re.match(r"\s*(?:\x01\s*\x02\s*)*\x01([^\x02]+)\x02", raw)
        raw = unmark(raw)
        if kind == "source":
            _read_source(credits, linked.group(1) if linked and linked.group(1).strip() else None, raw)
        elif kind in ("author", "editor", "photo"):
            value = _cut_value(raw)
            names = split_names(value)
            target = {"author": credits.authors, "editor": credits.editors, "photo": credits.photographers}[
                kind
            ]
            for name in names:
                if name not in target:
                    target.append(name)
    credits.authors = [
        n for n in credits.authors if n not in credits.editors and n not in credits.photographers
    ]
    return credits


def _read_source(credits: Credits, linked: str | None, raw: str) -> None:
    """The 来源 value (the link text when it is a link) into `credits`; a person named right after
    the outlet (`来源：中国新闻网 王帆`) is an author."""
    if linked:
        value, rest = linked, []
    else:
        value, rest = outlet_and_rest(_cut_value(raw))
    if credits.source is None and clean_source(value):
        credits.source = clean_source(value)
        if rest and looks_like_person(rest[0]) and rest[0] not in credits.authors:
            credits.authors.append(rest[0])


def has_credit_label(text: str) -> bool:
    return _LABEL_RE.search(strip_pinyin(unmark(text))) is not None


def is_label_only(text: str) -> bool:
    """A line that is only a credit label (`作者：` in one cell, its value in the next)."""
    plain = strip_pinyin(unmark(text)).strip()
    return 0 < len(plain) <= 8 and _LABEL_ONLY.fullmatch(plain) is not None
