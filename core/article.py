"""The `Article` value every parser returns, and its JSON form (the field contract in DESIGN.md)."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from typing import Any, Literal

BEIJING = timezone(timedelta(hours=8), "Asia/Shanghai")

Precision = Literal["day", "minute", "second"]


@dataclass(frozen=True, slots=True)
class Published:
    """A publication time as shown on the page: `at` is tz-aware; `precision` says what was shown.

    A date-only dateline keeps `precision="day"` (its `at` is midnight Beijing time, which is
    only a sort key, never printed as a time).
    """

    at: datetime
    precision: Precision = "minute"

    def isoformat(self) -> str:
        if self.precision == "day":
            return self.at.date().isoformat()
        return self.at.isoformat(timespec="seconds" if self.precision == "second" else "minutes")

    @classmethod
    def parse(cls, value: str) -> Published:
        """Inverse of `isoformat`: `2024-05-10`, `2024-05-10T06:58+08:00`, `...T06:58:07+08:00`."""
        value = value.strip()
        if len(value) == 10:
            return cls(datetime.combine(date.fromisoformat(value), datetime.min.time(), BEIJING), "day")
        at = datetime.fromisoformat(value)
        if at.tzinfo is None:
            at = at.replace(tzinfo=BEIJING)
        time_part = value.split("T", 1)[1] if "T" in value else value.split(" ", 1)[1]
        clock = time_part[:8]
        precision: Precision = "second" if clock.count(":") >= 2 else "minute"
        return cls(at, precision)

    @classmethod
    def beijing(
        cls,
        year: int,
        month: int,
        day: int,
        hour: int | None = None,
        minute: int | None = None,
        second: int | None = None,
    ) -> Published:
        if hour is None:
            return cls(datetime(year, month, day, tzinfo=BEIJING), "day")
        at = datetime(year, month, day, hour, minute or 0, second or 0, tzinfo=BEIJING)
        return cls(at, "second" if second is not None else "minute")


@dataclass(frozen=True, slots=True)
class Image:
    url: str
    caption: str | None = None


@dataclass(frozen=True, slots=True)
class Repair:
    """One text repair: what kind, where (field and character span in the *original* text), how sure."""

    kind: str
    field: str
    start: int
    end: int
    before: str
    after: str
    confidence: float


@dataclass(frozen=True, slots=True)
class FieldConfidence:
    """How a core field was found: the rule that produced it and how sure the extractor is (0-1).
    Scores are the rule's standing (a labelled info-bar slot beats a `<title>` fallback), not a
    calibrated probability; a reviewer checks the low ones first."""

    rule: str
    score: float


CORE_FIELDS = ("title", "authors", "editors", "source", "published_at", "body")
"""The fields the extractor reports a confidence for."""
LOW_CONFIDENCE = 0.5
"""A field scored below this is marked for a reviewer (`show`, the web page, `stats`)."""


def low_confidence(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The fields of an article's `to_dict()` form scored below `LOW_CONFIDENCE`: {field: {rule, score}}."""
    found = data.get("confidence") or {}
    return {name: value for name, value in found.items() if value.get("score", 1.0) < LOW_CONFIDENCE}


@dataclass(slots=True)
class Article:
    url: str
    title: str
    site: str = "generic"
    canonical_url: str | None = None
    pretitle: str | None = None
    subtitle: str | None = None
    authors: list[str] = field(default_factory=list)
    editors: list[str] = field(default_factory=list)
    source: str | None = None
    source_url: str | None = None
    published_at: Published | None = None
    body: list[str] = field(default_factory=list)
    images: list[Image] = field(default_factory=list)
    channel: list[str] = field(default_factory=list)
    encoding: str | None = None
    repairs: list[Repair] = field(default_factory=list)
    confidence: dict[str, FieldConfidence] = field(default_factory=dict)
    """Per core field (CORE_FIELDS), the rule and score; empty for parsers that do not report it."""

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict in contract order (what `extract --jsonl` and `export` print)."""
        return {
            "url": self.url,
            "canonical_url": self.canonical_url or self.url,
            "site": self.site,
            "title": self.title,
            "pretitle": self.pretitle,
            "subtitle": self.subtitle,
            "authors": list(self.authors),
            "editors": list(self.editors),
            "source": self.source,
            "source_url": self.source_url,
            "published_at": self.published_at.isoformat() if self.published_at else None,
            "body": list(self.body),
            "images": [{"url": i.url, "caption": i.caption} for i in self.images],
            "channel": list(self.channel),
            "encoding": self.encoding,
            "repairs": [dataclasses.asdict(r) for r in self.repairs],
        } | self._confidence_dict()

    def _confidence_dict(self) -> dict[str, Any]:
        """`{"confidence": {field: {rule, score}}}` when the parser reported any (else nothing, so
        the JSON of parsers that do not report it is unchanged)."""
        if not self.confidence:
            return {}
        return {"confidence": {name: dataclasses.asdict(c) for name, c in self.confidence.items()}}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Article:
        published = data.get("published_at")
        return cls(
            url=data["url"],
            canonical_url=data.get("canonical_url"),
            site=data.get("site") or "generic",
            title=data.get("title") or "",
            pretitle=data.get("pretitle"),
            subtitle=data.get("subtitle"),
            authors=list(data.get("authors") or []),
            editors=list(data.get("editors") or []),
            source=data.get("source"),
            source_url=data.get("source_url"),
            published_at=Published.parse(published) if published else None,
            body=list(data.get("body") or []),
            images=[Image(i["url"], i.get("caption")) for i in data.get("images") or []],
            channel=list(data.get("channel") or []),
            encoding=data.get("encoding"),
            repairs=[Repair(**r) for r in data.get("repairs") or []],
            confidence={
                name: FieldConfidence(c["rule"], float(c["score"]))
                for name, c in (data.get("confidence") or {}).items()
            },
        )

    def content_fields(self) -> dict[str, Any]:
        """The fields whose change makes a new version (not URL, encoding or repair notes)."""
        return content_of(self.to_dict())


NOT_CONTENT = ("url", "canonical_url", "site", "encoding", "repairs", "confidence")


def content_of(data: dict[str, Any]) -> dict[str, Any]:
    """`Article.content_fields()` of an article's `to_dict()` form."""
    return {key: value for key, value in data.items() if key not in NOT_CONTENT}


class ParseError(Exception):
    """A page that a parser cannot turn into an article (not an article page, no title, ...)."""
