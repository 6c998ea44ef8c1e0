"""The project's spider loader (`SPIDER_LOADER_CLASS`): a spider for every declared portal.

Besides the spider classes in `SPIDER_MODULES` (the `generic` spider of `crawl-site`), it makes
one `PortalSpider` subclass per crawlable portal of the registry: the built-in portals plus those
of the site files in `<data dir>/sites/*.toml` and `ARCHIVE_SITE_FILES`. So `scrapy crawl NAME`
and `union-archive crawl NAME` see the same sites, declared once.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from scrapy.settings import BaseSettings
from scrapy.spiderloader import SpiderLoader

from archive import paths
from core.sitefile import SiteFileError, parse_site_file
from core.sites import BUILTIN, Registry
from core.sites.portal import Portal
from scraper.spiders.base import PortalSpider

SITES_DIR = "sites"
"""Folder of the data directory whose `*.toml` site files every crawl loads."""


def site_file_paths(data_dir: str | None, extra: Iterable[str] = ()) -> list[Path]:
    """The site files a crawl loads: `<data dir>/sites/*.toml` (sorted), then `extra`, each once."""
    found = sorted((paths.data_dir(data_dir or None) / SITES_DIR).glob("*.toml"))
    unique: dict[Path, Path] = {}
    for path in [*found, *map(Path, extra)]:
        unique.setdefault(path.resolve(), path)
    return list(unique.values())


def read_site_file(path: Path, registry: Registry) -> tuple[Portal, ...]:
    """The portals one site file declares; `SiteFileError` (one line) when it cannot be used."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise SiteFileError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    except UnicodeDecodeError:
        raise SiteFileError(f"{path}: not UTF-8 text") from None
    return parse_site_file(text, str(path), registry)


def load_registry(files: Iterable[Path], base: Registry = BUILTIN) -> Registry:
    """`base` plus the portals of every site file, in order (a later file cannot reuse a name)."""
    registry = base
    for path in files:
        registry = registry.with_portals(read_site_file(path, registry))
    return registry


def registry_from_settings(settings: BaseSettings) -> Registry:
    return load_registry(site_file_paths(settings.get("ARCHIVE_DATA_DIR"), settings.getlist("ARCHIVE_SITE_FILES")))


def spider_class(portal: Portal, registry: Registry) -> type[PortalSpider]:
    """The spider of one portal: `PortalSpider` configured by the declaration."""
    class_name = "".join(part.capitalize() for part in portal.name.split("_")) + "Spider"
    attributes = {
        "name": portal.name,
        "portal": portal,
        "registry": registry,
        "custom_settings": portal.spider_settings(),
        "__module__": __name__,
        "__doc__": f"{portal.title} ({portal.origin})",
    }
    return type(class_name, (PortalSpider,), attributes)


class PortalSpiderLoader(SpiderLoader):
    def __init__(self, settings: BaseSettings) -> None:
        super().__init__(settings)
        self.registry = registry_from_settings(settings)
        for portal in self.registry.crawlable():
            self._spiders[portal.name] = spider_class(portal, self.registry)
