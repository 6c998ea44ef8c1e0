"""Site files: portals a user declares in TOML, without code (see the README, "Adding a site").

    [[sites]]
    name = "hexi_federation"
    title = "河西市总工会"
    start_urls = ["http://www.hexizgh.example/xwzx/index.html"]
    article_url = '/xwzx/\\d{6}/t\\d{8}_\\d+\\.html$'
    list_url = '/xwzx/index(?:_\\d+)?\\.html$'
    [sites.selectors]          # optional: XPath 1.0, one or a list tried in order
    title = "//div[@class='news_title']/h1"
    story = "//div[@id='news_content']"

`parse_site_file(text, origin, registry)` is pure: it returns the declared `Portal`s or raises
`SiteFileError` whose message is one line naming the file and the field
(`city.toml: sites[0].article_url: not a valid regular expression (...)`).
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable
from functools import partial
from typing import Any
from urllib.parse import urlsplit

from lxml import etree

from core.sites import generic
from core.sites.portal import PAGERS, POLITE, Parser, Politeness, Portal
from core.sites.registry import Registry
from core.sites.tabled import Tabled, Template

SELECTOR_FIELDS = ("title", "story", "info", "byline", "editor", "pretitle", "subtitle", "breadcrumb", "noise")
"""Keys of `[sites.selectors]`: the `Template` fields, each an XPath or a list of XPaths."""
META_FIELDS = ("title", "published", "source", "authors")
"""Keys of `[sites.meta]`: the `<meta name>` a field falls back to."""
REQUIRED = ("name", "title", "start_urls", "article_url", "list_url")
NAME = re.compile(r"^[a-z][a-z0-9_]{1,49}$")
HOST = re.compile(r"^[a-z0-9-]+(?:\.[a-z0-9-]+)+$")
_KINDS = {str: "a string", bool: "true or false", int: "an integer", float: "a number", list: "a list", dict: "a table"}


class SiteFileError(ValueError):
    """A site file that cannot be used; the message is one line naming the file and the field."""


class _Invalid(ValueError):
    """A field's problem and where it is (keys and list indexes, outermost first)."""

    def __init__(self, problem: str, path: tuple[str | int, ...] = ()) -> None:
        super().__init__(problem)
        self.problem = problem
        self.path = path

    def where(self) -> str:
        return "".join(f"[{step}]" if isinstance(step, int) else f".{step}" for step in self.path)


def _at(step: str | int, check: Callable[[Any], Any], value: Any) -> Any:
    """`check(value)`, with `step` put in front of the path of any problem found."""
    try:
        return check(value)
    except _Invalid as exc:
        raise _Invalid(exc.problem, (step, *exc.path)) from None


def _kind(value: Any) -> str:
    return _KINDS.get(type(value), type(value).__name__)


def _expect(value: Any, kind: type, what: str | None = None) -> Any:
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise _Invalid(f"expected {what or _KINDS[kind]}, got {_kind(value)} {value!r}")
    return value


def _text(value: Any) -> str:
    text = _expect(value, str).strip()
    if not text:
        raise _Invalid("must not be empty")
    return str(text)


def _name(value: Any) -> str:
    if not NAME.match(_expect(value, str)):
        raise _Invalid(f"{value!r} is not a site name (lower-case letters, digits and _, starting with a letter)")
    return str(value)


def _strings(value: Any, check: Callable[[Any], str]) -> tuple[str, ...]:
    if isinstance(value, str):
        return (check(value),)
    items = _expect(value, list, "a string or a list of strings")
    if not items:
        raise _Invalid("must not be empty")
    return tuple(_at(index, check, item) for index, item in enumerate(items))


def _url(value: Any) -> str:
    parts = urlsplit(_expect(value, str))
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise _Invalid(f"{value!r} is not an http(s) URL")
    return str(value)


def _regex(value: Any) -> str:
    try:
        re.compile(_text(value))
    except re.error as exc:
        raise _Invalid(f"not a valid regular expression ({exc})") from None
    return str(value)


def _xpath(value: Any) -> str:
    try:
        etree.XPath(_text(value))
    except etree.XPathSyntaxError as exc:
        raise _Invalid(f"not a valid XPath ({exc})") from None
    return str(value)


def _host(value: Any) -> str:
    host = _expect(value, str).lower()
    if not HOST.match(host):
        raise _Invalid(f"{value!r} is not a host name")
    return str(host)


def _pager(value: Any) -> str:
    if value not in PAGERS:
        raise _Invalid(f"expected one of {', '.join(map(repr, PAGERS))}, got {value!r}")
    return str(value)


def _table(value: Any, known: tuple[str, ...], check: Callable[[Any], Any]) -> dict[str, Any]:
    out = {}
    for key, item in _expect(value, dict).items():
        if key not in known:
            raise _Invalid(f"unknown key (known: {', '.join(known)})", (key,))
        out[key] = _at(key, check, item)
    return out


def _politeness(value: Any) -> Politeness:
    def number(item: Any) -> float:
        if isinstance(item, bool) or not isinstance(item, int | float) or item < 0:
            raise _Invalid(f"expected a number of seconds (0 or more), got {item!r}")
        return float(item)

    def count(item: Any) -> int:
        if _expect(item, int, "a whole number (1 or more)") < 1:
            raise _Invalid(f"expected a whole number (1 or more), got {item!r}")
        return int(item)

    checks = {"download_delay": number, "concurrent_requests": count}
    found = _table(value, tuple(checks), lambda item: item)
    return Politeness(**{key: _at(key, checks[key], item) for key, item in found.items()})


CHECKS: dict[str, Callable[[Any], Any]] = {
    "name": _name,
    "title": _text,
    "start_urls": lambda v: _strings(v, _url),
    "article_url": _regex,
    "list_url": _regex,
    "hosts": lambda v: _strings(v, _host),
    "pager": _pager,
    "enabled": lambda v: _expect(v, bool),
    "notes": lambda v: _expect(v, str),
    "selectors": lambda v: _table(v, SELECTOR_FIELDS, lambda x: _strings(x, _xpath)),
    "meta": lambda v: _table(v, META_FIELDS, _text),
    "politeness": _politeness,
}
"""Every key a `[[sites]]` table may hold, and how its value is checked and converted."""


def _fields(entry: Any) -> dict[str, Any]:
    fields = _table(entry, tuple(CHECKS), lambda item: item)
    fields = {key: _at(key, CHECKS[key], value) for key, value in fields.items()}
    missing = [key for key in REQUIRED if key not in fields]
    if missing:
        raise _Invalid(f"missing (required: {', '.join(REQUIRED)})", (missing[0],))
    if "selectors" in fields and "story" not in fields["selectors"]:
        raise _Invalid("missing (the story container is required with selectors)", ("selectors", "story"))
    return fields


def _parser(name: str, fields: dict[str, Any]) -> Parser:
    if "selectors" not in fields:
        return generic
    selectors = {key: fields["selectors"].get(key, ()) for key in SELECTOR_FIELDS}
    return Tabled.of(Template(site=name, meta=dict(fields.get("meta", {})), **selectors))


def _portal(fields: dict[str, Any], origin: str, registry: Registry) -> Portal:
    name = fields["name"]
    taken = registry.portal(name)
    if taken is not None:
        raise _Invalid(f"{name!r} is already a site ({taken.origin})", ("name",))
    hosts = fields.get("hosts") or tuple(dict.fromkeys(urlsplit(u).hostname or "" for u in fields["start_urls"]))
    for host in hosts:
        owner = registry.portal_for(f"http://{host}/")
        if owner is not None:
            raise _Invalid(f"{host} is already served by site {owner.name!r} ({owner.origin})", ("hosts",))
    return Portal(
        name=name,
        title=fields["title"],
        hosts=hosts,
        parser=_parser(name, fields),
        start_urls=fields["start_urls"],
        article_url=fields["article_url"],
        list_url=fields["list_url"],
        pager=fields.get("pager", "links"),
        politeness=fields.get("politeness", POLITE),
        notes=fields.get("notes", ""),
        enabled=fields.get("enabled", True),
        origin=origin,
    )


def _declared(entry: Any, origin: str, registry: Registry) -> Portal:
    return _portal(_fields(entry), origin, registry)


def parse_site_file(text: str, origin: str, registry: Registry) -> tuple[Portal, ...]:
    """The portals a site file declares, checked against `registry` (names and hosts already taken)."""
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise SiteFileError(f"{origin}: not valid TOML ({exc})") from None
    unknown = [key for key in document if key != "sites"]
    if unknown:
        raise SiteFileError(f"{origin}: {unknown[0]}: unknown key (a site file holds [[sites]] tables)")
    entries = document.get("sites")
    if not isinstance(entries, list) or not entries:
        raise SiteFileError(f"{origin}: sites: missing (declare each site in a [[sites]] table)")
    portals: list[Portal] = []
    for index, entry in enumerate(entries):
        try:
            portal = _at(index, partial(_declared, origin=origin, registry=registry), entry)
        except _Invalid as exc:
            raise SiteFileError(f"{origin}: sites{exc.where()}: {exc.problem}") from None
        registry = registry.with_portals([portal])
        portals.append(portal)
    return tuple(portals)
