"""Article images (issue 18), end to end on the mirror's image site (zgh.huaxi.example, `crawl-site`):
the crawl stores each picture once (a photo shown by two articles and again under a copy's URL is one
file), with a thumbnail; a missing picture (404) and one over the per-image cap are failed images of
stored articles; a second run fetches no image again; the WARC export of an article holds its image
exchanges; the web page and the API show what was archived; a backup carries the files."""

from __future__ import annotations

import gzip
import hashlib
import json
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from sqlalchemy import create_engine, text
from warcio.archiveiterator import ArchiveIterator

from mirror.build_portals import IMAGE_PAGES
from mirror.server import DEMO_ROOT, Mirror, MirrorServer
from tests.e2e.conftest import REPO, cli, cli_json, crawl_cli
from web.app import create_app

WARCIO = Path(sys.executable).parent / "warcio"
SITE = "http://zgh.huaxi.example"
START = f"{SITE}/news/index.html"
STAGE = "http://pic.huaxi.example/2024/0301/stage.jpg"
COPY = f"{SITE}/upload/2024/0303/stage-copy.jpg"
BANNER = f"{SITE}/upload/2024/0301/banner.png"
MISSING = f"{SITE}/upload/2024/0304/missing.jpg"
NOISE = f"{SITE}/upload/2024/0304/noise.png"
PICTURES = {STAGE, COPY, BANNER, MISSING, NOISE}
CAP = 100_000
"""The tests' per-image cap: the noise picture (145,636 bytes) is over it."""
TOO_LARGE = "response too large: Expected to receive 145636 bytes which is larger than download max size (100000)"


def served_bytes(url: str) -> bytes:
    meta = next(p for p in IMAGE_PAGES.rglob("response.json") if json.loads(p.read_text())["url"] == url)
    return (meta.parent / "body").read_bytes()


def crawl(db_url: str, mirror_url: str, data: Path, *args: str) -> dict[str, Any]:
    command = [
        sys.executable, "-m", "cli", "--db", db_url, "crawl-site", START, "--mirror", mirror_url, "--no-progress",
        "--json", "-s", "AUTOTHROTTLE_ENABLED=False", "-s", f"ARCHIVE_DATA_DIR={data}",
        "-s", f"ARCHIVE_IMAGES_MAX_BYTES={CAP}", *args,
    ]
    result = subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=300, check=False)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "Traceback" not in result.stderr, result.stderr[-3000:]
    return json.loads(result.stdout)


def image_rows(db_url: str) -> list[tuple[Any, ...]]:
    engine = create_engine(db_url)
    with engine.connect() as connection:
        rows = connection.execute(text(
            "SELECT a.url, i.position, i.url, i.caption, i.outcome, i.reason, i.sha256, i.content_type, i.size,"
            " i.width, i.height FROM article_images i JOIN articles a ON a.id = i.article_id"
            " ORDER BY a.url, i.position"
        )).all()
    engine.dispose()
    return [tuple(row) for row in rows]


def article_id(db_url: str, url: str) -> int:
    engine = create_engine(db_url)
    with engine.connect() as connection:
        found = connection.execute(text("SELECT id FROM articles WHERE url = :u"), {"u": url}).scalar_one()
    engine.dispose()
    return int(found)


def fetched(server: MirrorServer) -> list[str]:
    return sorted(entry["url"] for entry in server.mirror.log if entry["url"] in PICTURES)


@dataclass
class Crawled:
    db_url: str
    data: Path
    first: dict[str, Any]
    second: dict[str, Any]
    first_pictures: list[str]
    second_pictures: list[str]


@pytest.fixture(scope="module")
def crawled(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Crawled]:
    folder = tmp_path_factory.mktemp("images")
    db_url, data = f"sqlite:///{folder / 'archive.sqlite'}", folder / "data"
    with MirrorServer(Mirror(IMAGE_PAGES)) as server:
        first = crawl(db_url, server.url, data)
        first_pictures = fetched(server)
        server.mirror.log.clear()
        second = crawl(db_url, server.url, data)
        second_pictures = fetched(server)
    yield Crawled(db_url, data, first, second, first_pictures, second_pictures)


PHOTO_SHA = hashlib.sha256(served_bytes(STAGE)).hexdigest()
BANNER_SHA = hashlib.sha256(served_bytes(BANNER)).hexdigest()
PHOTO = (PHOTO_SHA, "image/jpeg", 16041, 640, 400)


def test_each_picture_is_stored_once_and_failures_are_recorded(crawled: Crawled) -> None:
    assert (crawled.first["articles_new"], crawled.first["failures"]) == (4, 0)
    # The photo two articles show is fetched once; the copy under another URL is fetched (and is the same file).
    assert crawled.first_pictures == sorted(PICTURES)
    assert image_rows(crawled.db_url) == [
        (f"{SITE}/news/2024/0301/2001.html", 0, STAGE, "大会现场。", "stored", None, *PHOTO),
        (f"{SITE}/news/2024/0301/2001.html", 1, BANNER, "会场横幅。", "stored", None, BANNER_SHA, "image/png", 540, 480, 120),
        (f"{SITE}/news/2024/0302/2002.html", 0, STAGE, "代表大会会场（资料图）。", "stored", None, *PHOTO),
        (f"{SITE}/news/2024/0303/2003.html", 0, COPY, "劳模代表在会上发言。", "stored", None, *PHOTO),
        (f"{SITE}/news/2024/0304/2004.html", 0, MISSING, "参展作品之一。", "failed", "HTTP 404 from server",
         None, None, None, None, None),
        (f"{SITE}/news/2024/0304/2004.html", 1, NOISE, "参展作品之二。", "failed", TOO_LARGE,
         None, None, None, None, None),
    ]
    store = crawled.data / "images"
    assert sorted(str(p.relative_to(store)) for p in store.rglob("*") if p.is_file()) == sorted([
        f"full/{BANNER_SHA[:2]}/{BANNER_SHA}.png",
        f"full/{PHOTO_SHA[:2]}/{PHOTO_SHA}.jpg",
        f"thumbs/small/{BANNER_SHA[:2]}/{BANNER_SHA}.jpg",
        f"thumbs/small/{PHOTO_SHA[:2]}/{PHOTO_SHA}.jpg",
    ])
    assert (store / f"full/{PHOTO_SHA[:2]}/{PHOTO_SHA}.jpg").read_bytes() == served_bytes(STAGE)
    with Image.open(store / f"thumbs/small/{PHOTO_SHA[:2]}/{PHOTO_SHA}.jpg") as thumb:
        assert (thumb.format, thumb.size) == ("JPEG", (320, 200))
    with Image.open(store / f"thumbs/small/{BANNER_SHA[:2]}/{BANNER_SHA}.jpg") as thumb:
        assert (thumb.format, thumb.size) == ("JPEG", (320, 80))


def test_a_second_run_fetches_no_image_again(crawled: Crawled) -> None:
    assert (crawled.second["articles_new"], crawled.second["articles_unchanged"]) == (0, 4)
    assert crawled.second_pictures == []
    assert len(image_rows(crawled.db_url)) == 6


def test_stats_report_the_images(crawled: Crawled) -> None:
    assert cli_json(crawled.db_url, "stats", "--json")["images"] == {
        "stored": 4, "files": 2, "bytes": 16041 + 540, "failed": 2,
        "failures": [{"reason": "HTTP 404 from server", "count": 1}, {"reason": TOO_LARGE, "count": 1}],
    }
    shown = cli(crawled.db_url, "stats")
    assert shown.returncode == 0, shown.stderr
    assert "images: 4 stored (2 files, 16581 bytes), 2 failed" in shown.stdout


def test_warc_export_of_an_article_holds_its_image_exchanges(crawled: Crawled, tmp_path: Path) -> None:
    out = tmp_path / "article.warc.gz"
    result = cli(crawled.db_url, "export", "--warc", str(out), "第八次代表大会", "--data-dir", str(crawled.data))
    assert result.returncode == 0, result.stderr
    assert "wrote 1 captured and 0 reconstructed response(s) and 2 image exchange(s)" in result.stderr
    check = subprocess.run([WARCIO, "check", "-v", out], capture_output=True, text=True, check=False)
    assert check.returncode == 0, check.stdout
    assert "fail" not in check.stdout
    with out.open("rb") as stream:
        records = [(r.rec_type, r.rec_headers.get_header("WARC-Target-URI"), r.content_stream().read())
                   for r in ArchiveIterator(stream) if r.rec_type in ("request", "response")]
    # The article's exchange, then its pictures' (in the order they were captured).
    article = f"{SITE}/news/2024/0301/2001.html"
    assert [(kind, uri) for kind, uri, _ in records[:2]] == [("request", article), ("response", article)]
    assert sorted((kind, uri) for kind, uri, _ in records[2:]) == sorted(
        [("request", BANNER), ("request", STAGE), ("response", BANNER), ("response", STAGE)]
    )
    responses = {uri: body for kind, uri, body in records if kind == "response"}
    assert responses[STAGE] == served_bytes(STAGE)
    assert responses[BANNER] == served_bytes(BANNER)


def test_the_web_page_and_the_api_show_the_archived_images(crawled: Crawled) -> None:
    client = create_app(crawled.db_url, str(crawled.data)).test_client()
    first = article_id(crawled.db_url, f"{SITE}/news/2024/0301/2001.html")
    page = client.get(f"/article/{first}")
    assert "img-src 'self'" in page.headers["Content-Security-Policy"]
    html = page.get_data(as_text=True)
    assert f'<a href="/article/{first}/images/0"><img src="/article/{first}/images/0/thumb" alt="大会现场。"></a>' in html
    assert f'<img src="/article/{first}/images/1/thumb" alt="会场横幅。">' in html
    full = client.get(f"/article/{first}/images/0")
    assert (full.status_code, full.mimetype, full.data) == (200, "image/jpeg", served_bytes(STAGE))
    thumb = client.get(f"/article/{first}/images/1/thumb")
    assert (thumb.status_code, thumb.mimetype, Image.open(BytesIO(thumb.data)).size) == (200, "image/jpeg", (320, 80))
    assert client.get(f"/article/{first}/images/2").status_code == 404
    last = article_id(crawled.db_url, f"{SITE}/news/2024/0304/2004.html")
    assert "(not archived: <bdi>HTTP 404 from server</bdi>)" in client.get(f"/article/{last}").get_data(as_text=True)
    assert client.get(f"/article/{last}/images/0").status_code == 404
    listed = client.get(f"/api/articles/{first}/images").get_json()
    assert [{k: v for k, v in row.items() if k != "fetched_at"} for row in listed] == [
        {"position": 0, "url": STAGE, "caption": "大会现场。", "outcome": "stored", "reason": None, "sha256": PHOTO_SHA,
         "content_type": "image/jpeg", "size": 16041, "width": 640, "height": 400,
         "file": {"full": f"/article/{first}/images/0", "thumb": f"/article/{first}/images/0/thumb"}},
        {"position": 1, "url": BANNER, "caption": "会场横幅。", "outcome": "stored", "reason": None, "sha256": BANNER_SHA,
         "content_type": "image/png", "size": 540, "width": 480, "height": 120,
         "file": {"full": f"/article/{first}/images/1", "thumb": f"/article/{first}/images/1/thumb"}},
    ]
    assert client.get("/api/articles/999/images").status_code == 404


def test_a_backup_carries_the_image_files(crawled: Crawled, tmp_path: Path) -> None:
    backup_file = tmp_path / "backup.jsonl.gz"
    made = cli(crawled.db_url, "backup", str(backup_file), "--data-dir", str(crawled.data))
    assert made.returncode == 0, made.stderr
    assert "6 article_images" in made.stderr and "4 image_files" in made.stderr
    target = f"sqlite:///{tmp_path / 'restored.sqlite'}"
    restored = cli(target, "restore", str(backup_file), "--data-dir", str(tmp_path / "data"))
    assert restored.returncode == 0, restored.stderr
    assert image_rows(target) == image_rows(crawled.db_url)
    original, copy = crawled.data / "images", tmp_path / "data" / "images"
    files = sorted(p.relative_to(original) for p in original.rglob("*") if p.is_file())
    assert sorted(p.relative_to(copy) for p in copy.rglob("*") if p.is_file()) == files
    assert all((copy / name).read_bytes() == (original / name).read_bytes() for name in files)
    with gzip.open(backup_file, "rt", encoding="utf-8") as lines:
        assert sum(1 for line in lines if line.startswith('{"file": ')) == 4


def test_no_images_and_the_per_article_cap(tmp_path: Path) -> None:
    with MirrorServer(Mirror(IMAGE_PAGES)) as server:
        off = f"sqlite:///{tmp_path / 'off.sqlite'}"
        assert crawl(off, server.url, tmp_path / "off", "--no-images")["articles_new"] == 4
        assert fetched(server) == []
        assert image_rows(off) == []
        assert not (tmp_path / "off" / "images").exists()
        capped = f"sqlite:///{tmp_path / 'capped.sqlite'}"
        crawl(capped, server.url, tmp_path / "capped", "-s", "ARCHIVE_IMAGES_MAX_ARTICLE_BYTES=16100")
    first = [row for row in image_rows(capped) if row[0] == f"{SITE}/news/2024/0301/2001.html"]
    assert [row[4:6] for row in first] == [
        ("stored", None),
        ("failed", "the article's images are over 16100 bytes together (ARCHIVE_IMAGES_MAX_ARTICLE_BYTES): not kept"),
    ]


def test_the_same_picture_on_two_portals_is_one_file(tmp_path: Path) -> None:
    db_url, data = f"sqlite:///{tmp_path / 'archive.sqlite'}", tmp_path / "data"
    with MirrorServer(Mirror(DEMO_ROOT, IMAGE_PAGES)) as server:
        crawl(db_url, server.url, data)
        portal = crawl_cli(db_url, server.url, data, "people_acftu")
        assert portal.returncode == 0, portal.stderr[-3000:]
    demo_photo = "http://acftu.people.com.cn/NMediaFile/2023/1228/MAIN202312281805000000001.jpg"
    shown = [row for row in image_rows(db_url) if row[6] == PHOTO_SHA]
    assert sorted(row[2] for row in shown) == sorted([STAGE, STAGE, COPY, demo_photo])
    originals = [p.name for p in (data / "images" / "full").rglob("*") if p.is_file()]
    assert sorted(originals) == sorted([f"{PHOTO_SHA}.jpg", f"{BANNER_SHA}.png"])
