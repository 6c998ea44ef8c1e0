"""The search query language: words, "phrases", -exclusions, OR, and field filters.

    工会 "技能大赛" -足球 author:刘琼 since:2024-01 until:2024-06-30
    职工 OR 工人 source:"工人日报" site:people_acftu channel:中国工会新闻

Terms are ANDed; `OR` joins the terms on either side into one alternative group (it binds
tighter than the implicit AND). Every term is reduced to search tokens by `archive.searchkey`
and matched as a phrase, so no character of the query ever reaches FTS or tsquery syntax: the
query is data, never code. Field terms (`author:`, `editor:`, `source:`, `site:`, `channel:`,
`since:`, `until:`) become SQL conditions; `-author:x` excludes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from archive.searchkey import is_cjk_char, query_parts, runs
from core.article import BEIJING

FIELDS = ("author", "editor", "source", "site", "channel", "since", "until")
MAX_QUERY_CHARS = 1000
"""Longer query text is refused (a query is a few words and filters, not a document)."""
MAX_TERMS = 32
"""Words, phrases, exclusions and field terms in one query, at most."""
MAX_TERM_TOKENS = 64
"""Search tokens one word or phrase may make (a 65-character Chinese phrase is refused)."""


class QueryError(ValueError):
    """A query the archive will not run: too long, too many terms, or nothing to search for."""

_LEXEME = re.compile(
    r"""
    (?P<neg>-)?
    (?:(?P<field>[A-Za-z]+):)?
    (?:"(?P<quoted>[^"]*)"?|(?P<bare>[^\s"]+))
    """,
    re.VERBOSE,
)


@dataclass(frozen=True, slots=True)
class Term:
    """A word or phrase of the query: its text and the tokens matched as one phrase."""

    text: str
    tokens: tuple[str, ...]
    prefix: bool = False
    """A single CJK character: matches every pair (or single) that starts with it."""
    lone: tuple[str, ...] = ()
    """1-character CJK runs left out of the phrase, each also required (`searchkey.query_parts`)."""

    @property
    def highlights(self) -> list[str]:
        return runs(self.text)


@dataclass(frozen=True, slots=True)
class FieldTerm:
    field: str
    value: str | date | datetime
    """Text, or a date/datetime for `since`/`until` given through the API."""
    negated: bool = False

    @property
    def text(self) -> str:
        return self.value if isinstance(self.value, str) else self.value.isoformat()


@dataclass(slots=True)
class Query:
    text: str
    groups: list[list[Term]] = field(default_factory=list)
    """AND of groups; a group is an OR of terms."""
    excluded: list[Term] = field(default_factory=list)
    fields: list[FieldTerm] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    """What the parser left out or read differently from how it was written, for the user."""
    unsearchable: bool = False
    """The text held something, but nothing to search for: the query matches no article."""

    @property
    def has_terms(self) -> bool:
        return bool(self.groups)

    def positive_terms(self) -> list[Term]:
        return [term for group in self.groups for term in group]


def parse(text: str) -> Query:
    """Parse user query text. `QueryError` when it is over the limits above; what is not a term or
    filter is left out and said in `Query.notes`. Text with nothing searchable in it (a lone
    emoji, `"`, `%`) makes an `unsearchable` query, which matches nothing (not everything)."""
    given = (text or "").strip()
    text = (text or "").replace("\x00", "")
    if len(text) > MAX_QUERY_CHARS:
        raise QueryError(f"the query is {len(text)} characters long; at most {MAX_QUERY_CHARS} are searched")
    query = Query(text=text)
    pending_or = False
    for count, match in enumerate(_LEXEME.finditer(text), start=1):
        if count > MAX_TERMS:
            raise QueryError(f"the query has more than {MAX_TERMS} terms")
        pending_or = _add_lexeme(query, match, pending_or)
    if given and not (query.groups or query.excluded or query.fields):
        query.unsearchable = True
        query.notes.append(f"nothing searchable in {given!r} (no letters, digits or Chinese): no results")
    return query


def _add_lexeme(query: Query, match: re.Match[str], pending_or: bool) -> bool:
    """Add one lexeme to `query`; returns whether the next term joins an OR group."""
    negated = bool(match.group("neg"))
    name = (match.group("field") or "").lower()
    quoted = match.group("quoted")
    value = quoted if quoted is not None else match.group("bare") or ""
    if name and name not in FIELDS:
        query.notes.append(
            f"{match.group('field')}: is not a field ({', '.join(f + ':' for f in FIELDS)}); "
            f"searched as text"
        )
        value, name = f"{match.group('field')}:{value}", ""
    if name:
        if value.strip():
            query.fields.append(FieldTerm(name, value.strip(), negated))
        return False
    if quoted is None and not negated and value == "OR":
        return bool(query.groups)
    phrase, lone = query_parts(value)
    if not phrase:
        return False
    if len(phrase) > MAX_TERM_TOKENS:
        raise QueryError(f"the term {value[:20]!r}… is too long to search (at most {MAX_TERM_TOKENS} tokens)")
    term = Term(value, tuple(phrase), len(phrase) == 1 and is_cjk_char(phrase[0]), tuple(lone))
    if negated:
        query.excluded.append(term)
    elif pending_or:
        query.groups[-1].append(term)
    else:
        query.groups.append([term])
    return False


def parse_bound(value: str | date | datetime, *, end: bool) -> datetime:
    """A date filter bound as a naive UTC instant (how `published_utc` is stored).

    `2024`, `2024-05`, `2024-05-10` mean that period in Beijing time: as a start bound its
    first instant, as an end bound the first instant after it (the bound is exclusive), so
    `--until 2024-05-10` includes the whole day. A datetime is taken as it is (naive = Beijing).
    """
    if isinstance(value, datetime):
        at = value if value.tzinfo else value.replace(tzinfo=BEIJING)
        return at.astimezone(UTC).replace(tzinfo=None) + (timedelta(microseconds=1) if end else timedelta())
    if isinstance(value, date):
        start = datetime(value.year, value.month, value.day, tzinfo=BEIJING)
        return _utc(start + timedelta(days=1) if end else start)
    raw = value.strip()
    try:
        if re.fullmatch(r"\d{4}", raw):
            year = int(raw)
            return _utc(datetime(year + 1 if end else year, 1, 1, tzinfo=BEIJING))
        if re.fullmatch(r"\d{4}-\d{1,2}", raw):
            year, month = (int(p) for p in raw.split("-"))
            start = datetime(year, month, 1, tzinfo=BEIJING)
            if end:
                start = datetime(year + month // 12, month % 12 + 1, 1, tzinfo=BEIJING)
            return _utc(start)
        if re.fullmatch(r"\d{4}-\d{1,2}-\d{1,2}", raw):
            year, month, day = (int(p) for p in raw.split("-"))
            return parse_bound(date(year, month, day), end=end)
        return parse_bound(datetime.fromisoformat(raw), end=end)
    except ValueError:
        raise ValueError(f"not a date: {raw!r} (use YYYY, YYYY-MM, YYYY-MM-DD or an ISO time)") from None


def _utc(at: datetime) -> datetime:
    return at.astimezone(UTC).replace(tzinfo=None)
