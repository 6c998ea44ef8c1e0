"""`union-archive crawl` (one site, several, or `--all` for cron), `sites`, `cron-example`, `diff`.

Exit codes of `crawl`: 0 every site crawled and healthy; 1 a site failed entirely or a health
check alerted (no articles, a coverage drop); 2 usage error; 3 another crawl holds the lock.
"""

from __future__ import annotations

import difflib
import json
import sys
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.table import Table

from archive import paths
from archive.db import resolve_url
from cli.app import UserError, clear_errors, db_url_from, main

EXIT_FAILED = 1
EXIT_USAGE = 2
EXIT_LOCKED = 3


SITES_OPTION = click.option(
    "--sites", "site_files", multiple=True, type=click.Path(dir_okay=False), metavar="FILE",
    help="Also load the sites this site file declares (TOML; repeatable). <data dir>/sites/*.toml always are.",
)
DATA_DIR_OPTION = click.option(
    "--data-dir", envvar=paths.ENV_VAR, help="Site files, logs and WARC files live here (default ./data).",
)


def site_registry(data_dir: str | None, site_files: tuple[str, ...]) -> Any:
    """The built-in portals plus the sites of `<data dir>/sites/*.toml` and `site_files`, as a
    crawl loads them; a bad site file is a one-line error."""
    from core.sitefile import SiteFileError
    from core.sites.registry import RegistryError
    from scraper.spiders.loader import load_registry, site_file_paths

    try:
        return load_registry(site_file_paths(data_dir, site_files))
    except (SiteFileError, RegistryError) as exc:
        raise UserError(str(exc)) from None


def _site_settings(data_dir: str | None, site_files: tuple[str, ...]) -> dict[str, Any]:
    return {"ARCHIVE_DATA_DIR": str(paths.data_dir(data_dir)), "ARCHIVE_SITE_FILES": list(site_files)}


def _spiders(settings: dict[str, Any]) -> dict[str, Any]:
    """The spider classes by name, site files included; a bad site file is a one-line error."""
    from core.sitefile import SiteFileError
    from core.sites.registry import RegistryError
    from scraper.crawl import spider_classes

    try:
        return spider_classes(settings)
    except (SiteFileError, RegistryError) as exc:
        raise UserError(str(exc)) from None


def _profile(portal: Any) -> str:
    if not portal.start_urls[0].startswith("http"):
        return "any site (generic extractor)"
    return "verified on recorded pages" if portal.verified else "not verified (mirror reconstructed)"


def _check_site_files(files: tuple[str, ...], data_dir: str | None) -> None:
    """Print `FILE: OK (...)` per site file, or its first problem (one line) and exit 1."""
    from core.sitefile import SiteFileError
    from scraper.spiders.loader import load_registry, read_site_file, site_file_paths

    checked = {Path(f).resolve() for f in files}
    try:
        registry = load_registry(p for p in site_file_paths(data_dir) if p.resolve() not in checked)
        for file in files:
            portals = read_site_file(Path(file), registry)
            registry = registry.with_portals(portals)
            click.echo(f"{file}: OK ({len(portals)} site(s): {', '.join(p.name for p in portals)})")
    except SiteFileError as exc:
        raise UserError(str(exc)) from None


@main.command()
@click.option("--json", "as_json", is_flag=True, help="One JSON object per spider.")
@click.option("--check", "check_files", multiple=True, type=click.Path(dir_okay=False), metavar="FILE",
              help="Check site files: print OK, or the first problem naming the field (exit 1).")
@SITES_OPTION
@DATA_DIR_OPTION
def sites(as_json: bool, check_files: tuple[str, ...], site_files: tuple[str, ...], data_dir: str | None) -> None:
    """List the sites (built-in portals and site files), where each is declared, and whether it is verified."""
    from scraper.crawl import enabled_sites

    if check_files:
        _check_site_files(check_files, data_dir)
        return
    classes = _spiders(_site_settings(data_dir, site_files))
    enabled = set(enabled_sites(classes))
    rows = [
        {
            "spider": name,
            "portal": cls.portal.title,
            "start_urls": list(cls.portal.start_urls),
            "verified": cls.portal.verified,
            "in_crawl_all": name in enabled,
            "origin": cls.portal.origin,
            "notes": cls.portal.notes,
        }
        for name, cls in classes.items()
    ]
    if as_json:
        for row in rows:
            click.echo(json.dumps(row, ensure_ascii=False))
        return
    table = Table("spider", "portal", "profile", "in --all", "declared in")
    for name, cls in classes.items():
        table.add_row(name, cls.portal.title, _profile(cls.portal), "yes" if name in enabled else "no", cls.portal.origin)
    Console().print(table)


def _settings(ctx: click.Context, data: str, progress: bool, mirror: str | None, overrides: tuple[str, ...]) -> dict[str, Any]:
    settings: dict[str, Any] = {
        "ARCHIVE_DB": resolve_url(db_url_from(ctx)),
        "ARCHIVE_DATA_DIR": data,
        "ARCHIVE_PROGRESS_ENABLED": progress,
        "LOG_LEVEL": "WARNING",
    }
    if mirror:
        settings["ARCHIVE_MIRROR"] = mirror
    for pair in overrides:
        key, sep, value = pair.partition("=")
        if not sep or not key:
            raise click.UsageError(f"--set expects NAME=VALUE, got {pair!r}")
        settings[key] = value
    return settings


def _chosen_sites(names: tuple[str, ...], all_sites: bool, settings: dict[str, Any]) -> list[str]:
    """The sites to crawl: the named ones (each must be known) or every enabled one."""
    from scraper.crawl import enabled_sites

    if all_sites and names:
        raise click.UsageError("give site names or --all, not both")
    if not names and not all_sites:
        raise click.UsageError("name at least one site, or --all (see `union-archive sites`)")
    known = _spiders(settings)
    unknown = [n for n in names if n not in known]
    if unknown:
        raise click.UsageError(f"unknown site(s): {', '.join(unknown)}; known: {', '.join(known)}")
    for name in names:
        if not known[name].portal.start_urls[0].startswith(("http://", "https://")):
            raise click.UsageError(f"{name} crawls any one site from its URL: use `union-archive crawl-site URL`")
    chosen = enabled_sites(known) if all_sites else list(names)
    if not chosen:
        raise UserError("no site is enabled")
    return chosen


def _spider_args(max_pages: int | None, since: datetime | None) -> dict[str, Any]:
    spider_args: dict[str, Any] = {}
    if max_pages:
        spider_args["max_pages"] = max_pages
    if since:
        spider_args["since"] = since.date().isoformat()
    return spider_args


def _run_locked(root: Path, chosen: list[str], settings: dict[str, Any], spider_args: dict[str, Any]) -> tuple[list[Any], Path]:
    """Crawl under the archive's run lock (exit 3 when another run holds it; scale-out workers,
    which share the archive by design, lock their data directory); the summaries and the log file."""
    from scraper.crawl import LockBusy, RunLock, archive_lock, mark_killed_runs, run_crawls

    shared = bool(settings.get("ARCHIVE_REDIS_URL"))
    lock = RunLock(paths.lock_file(root)) if shared else archive_lock(settings["ARCHIVE_DB"], paths.lock_file(root))
    try:
        lock.acquire()
    except LockBusy as exc:
        click.echo(f"error: {exc}; not starting a second run", err=True)
        sys.exit(EXIT_LOCKED)
    try:
        if lock.stale:
            click.echo(f"note: took over a stale lock left by a run that was killed ({lock.stale})", err=True)
        killed = 0 if shared else mark_killed_runs(settings["ARCHIVE_DB"], chosen)
        if killed:
            click.echo(f"note: {killed} earlier run(s) of {', '.join(chosen)} left 'running' were killed; marked so", err=True)
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        log_file = paths.log_dir(root) / f"crawl-{stamp}.log"
        click.echo(f"crawling {', '.join(chosen)}; log: {log_file}", err=True)
        return run_crawls(chosen, settings, spider_args, log_file=log_file), log_file
    finally:
        lock.release()


def _report(summaries: list[Any], as_json: bool, log_file: Path) -> None:
    """Print the run summary; exit 1 when a site failed or a health check alerted."""
    if as_json:
        click.echo(json.dumps([{**asdict(s), "failed": s.failed} for s in summaries], ensure_ascii=False))
    else:
        for summary in summaries:
            click.echo(summary.line())
    failed = [s.spider for s in summaries if s.failed]
    alerted = [s.spider for s in summaries if s.alerts and not s.failed]
    if failed:
        click.echo(f"error: site(s) failed entirely: {', '.join(failed)} (see {log_file})", err=True)
    if alerted:
        click.echo(f"error: health alerts for: {', '.join(alerted)} (see above)", err=True)
    if failed or alerted:
        sys.exit(EXIT_FAILED)


@main.command()
@click.argument("names", nargs=-1)
@click.option("--all", "all_sites", is_flag=True, help="Crawl every enabled site (for cron).")
@SITES_OPTION
@DATA_DIR_OPTION
@click.option("--since", type=click.DateTime(formats=["%Y-%m-%d"]),
              help="Backfill: walk every list page back to articles of DATE (YYYY-MM-DD).")
@click.option("--mirror", envvar="UNION_ARCHIVE_MIRROR", help="Fetch everything from this local mirror URL.")
@click.option("--max-pages", type=click.IntRange(min=1), help="Stop after this many article pages per site.")
@click.option("--progress/--no-progress", default=None, help="Progress line on stderr (default: when a terminal).")
@click.option("--json", "as_json", is_flag=True, help="Print the run summary as JSON.")
@click.option("--redis", "redis_url", envvar="UNION_ARCHIVE_REDIS",
              help="Scale out: share the frontier with other workers through this Redis (scrapy-redis).")
@click.option("--redis-run", envvar="UNION_ARCHIVE_REDIS_RUN", help="Run id the cooperating workers share.")
@click.option("--status", "show_status", is_flag=True,
              help="With --redis: show the run's queued, leased, done and failed pages and its live workers.")
@click.option("--no-images", is_flag=True, help="Do not fetch the articles' images (ARCHIVE_IMAGES_ENABLED=False).")
@click.option("-s", "--set", "overrides", multiple=True, metavar="NAME=VALUE", help="Override a Scrapy setting.")
@click.pass_context
def crawl(
    ctx: click.Context, names: tuple[str, ...], all_sites: bool, site_files: tuple[str, ...], data_dir: str | None,
    since: datetime | None, mirror: str | None, max_pages: int | None, progress: bool | None, as_json: bool,
    redis_url: str | None, redis_run: str | None, show_status: bool, no_images: bool, overrides: tuple[str, ...],
) -> None:
    """Crawl the named sites (or --all) into the archive: only what is new or changed.

    Exit codes: 0 all sites crawled and healthy, 1 a site failed or a health check alerted,
    2 usage error, 3 another crawl is running.
    """
    root = paths.data_dir(data_dir)
    settings = _settings(ctx, str(root), sys.stderr.isatty() if progress is None else progress, mirror, overrides)
    settings["ARCHIVE_SITE_FILES"] = list(site_files)
    if no_images:
        settings["ARCHIVE_IMAGES_ENABLED"] = False
    if redis_url:
        settings["ARCHIVE_REDIS_URL"] = redis_url
        settings["ARCHIVE_REDIS_RUN"] = redis_run or ""
        server = _redis(redis_url)
        if show_status:
            _print_status(server, redis_run or "default", names, as_json)
            return
    elif show_status:
        raise click.UsageError("--status needs --redis URL (and --redis-run ID)")
    chosen = _chosen_sites(names, all_sites, settings)
    summaries, log_file = _run_locked(root, chosen, settings, _spider_args(max_pages, since))
    _report(summaries, as_json, log_file)


def _redis(url: str) -> Any:
    """The scale-out Redis, checked: unreachable is a one-line error and exit 2."""
    from redis import RedisError

    from scraper.redis_frontier import connect

    try:
        return connect(url)
    except RedisError as exc:
        click.echo(f"error: Redis at {url} is unreachable ({exc})", err=True)
        sys.exit(EXIT_USAGE)


def _print_status(server: Any, run: str, names: tuple[str, ...], as_json: bool) -> None:
    """`crawl --redis URL --redis-run ID --status`: the run's frontier, per spider."""
    from scraper.crawl import project_settings
    from scraper.redis_frontier import run_spiders, run_status

    ttl = 3 * project_settings().getfloat("ARCHIVE_REDIS_HEARTBEAT_SECONDS")
    statuses = [run_status(server, name, run, ttl) for name in (names or run_spiders(server, run))]
    if as_json:
        click.echo(json.dumps([asdict(s) for s in statuses], ensure_ascii=False))
        return
    if not statuses:
        click.echo(f"run {run}: nothing in Redis")
        return
    table = Table("spider", "state", "queued", "leased", "done", "failed", "live workers", title=f"run {run}")
    for s in statuses:
        workers = ", ".join(f"{name} ({age:.0f} s ago)" for name, age in s.workers) or "none"
        table.add_row(s.spider, s.state, str(s.queued), str(s.leased), str(s.done), str(s.failed), workers)
    Console(width=200).print(table)


CRON_EXAMPLE = """\
# union-archive: crawl every enabled site hourly (only new and changed articles are fetched).
# A second run started while one is going exits at once (exit code 3); a lock left by a killed
# run is taken over. Exit code 1 means a site failed or a health check alerted: cron mails the
# output when there is any, so keep stdout for the summary and let errors reach stderr.
# Logs: $UNION_ARCHIVE_DATA/logs/crawl-<time>.log; raw WARC captures: $UNION_ARCHIVE_DATA/warc/.
SHELL=/bin/sh
UNION_ARCHIVE_DB={db}
UNION_ARCHIVE_DATA={data}
# m  h  dom mon dow  command
17   *  *   *   *    cd {cwd} && {exe} crawl --all --no-progress >/dev/null
# Weekly backfill of the last 30 days (walks every list page back to that date):
# 43 3  *   *   0    cd {cwd} && {exe} crawl --all --no-progress --since "$(date -d '30 days ago' +\\%Y-\\%m-\\%d)"
"""


@main.command("cron-example")
@click.option("--data-dir", envvar=paths.ENV_VAR, help="The data directory to put in the entry.")
@click.pass_context
def cron_example(ctx: click.Context, data_dir: str | None) -> None:
    """Print a commented crontab entry for scheduled crawls."""
    import os
    import shutil

    exe = shutil.which("union-archive") or f"{sys.executable} -m cli"
    click.echo(
        CRON_EXAMPLE.format(db=resolve_url(db_url_from(ctx)), data=paths.data_dir(data_dir), cwd=os.getcwd(), exe=exe),
        nl=False,
    )


def _version_text(data: dict[str, Any]) -> list[str]:
    lines = []
    for key in ("title", "pretitle", "subtitle", "authors", "editors", "source", "source_url", "published_at"):
        value = data.get(key)
        lines.append(f"{key}: {json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else value}")
    lines.append("body:")
    lines.extend(data.get("body") or [])
    for image in data.get("images") or []:
        lines.append(f"image: {image.get('url')} {image.get('caption') or ''}".rstrip())
    return lines


@main.command()
@click.argument("article_id", type=int)
@click.option("--from", "from_version", type=int, help="Older version (default: the one before --to).")
@click.option("--to", "to_version", type=int, help="Newer version (default: the latest).")
@click.option("--json", "as_json", is_flag=True, help="Print the changed fields as JSON.")
@click.pass_context
@clear_errors
def diff(ctx: click.Context, article_id: int, from_version: int | None, to_version: int | None, as_json: bool) -> None:
    """Show what changed between two versions of an article (default: the last two)."""
    from archive.api import Archive
    from archive.db import require_archive

    versions = {v["version"]: v for v in Archive(require_archive(db_url_from(ctx))).versions(article_id)}
    if not versions:
        raise UserError(f"no article {article_id}")
    newest = to_version or max(versions)
    older = from_version or max((n for n in versions if n < newest), default=None)
    if older is None:
        click.echo(f"article {article_id} has one version ({versions[newest]['created_at']}); nothing to compare")
        return
    if older not in versions or newest not in versions:
        raise UserError(f"article {article_id} has versions {sorted(versions)}")
    a, b = versions[older], versions[newest]
    if as_json:
        changed = {k: {"from": a["data"].get(k), "to": b["data"].get(k)}
                   for k in sorted(set(a["data"]) | set(b["data"])) if a["data"].get(k) != b["data"].get(k)}
        click.echo(json.dumps({"id": article_id, "from": {"version": older, "created_at": a["created_at"]},
                               "to": {"version": newest, "created_at": b["created_at"]}, "changed": changed},
                              ensure_ascii=False, indent=2))
        return
    lines = difflib.unified_diff(
        _version_text(a["data"]), _version_text(b["data"]),
        fromfile=f"version {older} ({a['created_at']})", tofile=f"version {newest} ({b['created_at']})", lineterm="",
    )
    for line in lines:
        click.echo(line)
