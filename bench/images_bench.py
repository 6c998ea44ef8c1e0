"""Image archiving cost (issue 18): a made-up union-CMS site of N articles with 2 distinct pictures each.

    .venv/bin/python bench/images_bench.py [--articles 100]

Builds the articles with the mirror's image-site template (`mirror.build_portals.IMAGE_SITE`),
pictures drawn with Pillow (800x500 JPEG), serves them from the local mirror and runs `crawl-site`
three times, each in its own process: without images (`--no-images`), with images into a fresh
archive, and again on that archive (no picture is fetched again). Prints the wall time of each, the
images per second the image crawl added and the image requests of the last run (target 0).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from io import BytesIO
from pathlib import Path

from PIL import Image, ImageDraw

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from mirror import build_portals  # noqa: E402
from mirror.server import Mirror, MirrorServer, Recorded  # noqa: E402
from mirror.stories import Story  # noqa: E402

HTML = {"Content-Type": "text/html; charset=utf-8"}


def picture(n: int, k: int) -> bytes:
    image = Image.new("RGB", (800, 500), ((n * 7) % 256, (k * 90 + n) % 256, 120))
    ImageDraw.Draw(image).rectangle((n % 700, 50, n % 700 + 90, 300), fill=(250, 250, 250))
    buffer = BytesIO()
    image.save(buffer, "JPEG", quality=85)
    return buffer.getvalue()


def build(count: int) -> tuple[Mirror, str, dict[str, bytes]]:
    site = replace(build_portals.IMAGE_SITE, more_lists=[], per_page=count)
    stories, pictures = [], {}
    for n in range(count):
        images = [(f"/upload/bench/{n}_{k}.jpg", f"图{n}-{k}。") for k in range(2)]
        pictures.update({site.url(src): picture(n, k) for k, (src, _) in enumerate(images)})
        stories.append(Story(
            path=f"/news/2024/0401/{5000 + n}.html", title=f"华溪市职工活动第{n}场", published="2024-04-01 10:00:00",
            source="华溪市总工会", editors=["周琳"], images=images, body=[f"第{n}场职工活动在华溪市举行，参加的职工有一百余人。"],
        ))
    site = replace(site, stories=stories)
    mirror = Mirror()
    for story in stories:
        mirror.add(Recorded(site.url(story.path), 200, HTML, build_portals.article_page(site, story).encode()))
    mirror.add(Recorded(site.url("/news/index.html"), 200, HTML, build_portals.list_page(site, 1, stories).encode()))
    for url, body in pictures.items():
        mirror.add(Recorded(url, 200, {"Content-Type": "image/jpeg"}, body))
    return mirror, site.url("/news/index.html"), pictures


def crawl(start: str, mirror_url: str, folder: Path, name: str, count: int, *extra: str) -> float:
    command = [
        sys.executable, "-m", "cli", "--db", f"sqlite:///{folder / name}.sqlite", "crawl-site", start,
        "--mirror", mirror_url, "--no-progress", "--json", "--max-pages", str(count + 10),
        "-s", "AUTOTHROTTLE_ENABLED=False", "-s", f"ARCHIVE_DATA_DIR={folder / name}", *extra,
    ]
    began = time.perf_counter()
    done = subprocess.run(command, cwd=REPO, capture_output=True, text=True, check=False)
    took = time.perf_counter() - began
    if done.returncode:
        raise SystemExit(done.stderr[-2000:])
    summary = json.loads(done.stdout)
    print(f"  {name:<13} {took:6.2f} s  {summary['articles_new']} new, {summary['articles_unchanged']} unchanged")
    return took


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100)
    count = parser.parse_args().articles
    mirror, start, pictures = build(count)
    print(f"{count} articles, {len(pictures)} pictures, {sum(map(len, pictures.values()))} bytes")
    with tempfile.TemporaryDirectory() as scratch, MirrorServer(mirror) as server:
        folder = Path(scratch)
        bare = crawl(start, server.url, folder, "no-images", count, "--no-images")
        full = crawl(start, server.url, folder, "images", count)
        server.mirror.log.clear()
        crawl(start, server.url, folder, "images", count)
        again = sum(1 for entry in server.mirror.log if entry["url"] in pictures)
        files = sum(1 for path in (folder / "images" / "images").rglob("*") if path.is_file())
    print(f"images: {len(pictures) / max(full - bare, 1e-9):.1f} images/s added by archiving them "
          f"({files} files: originals and thumbnails); image requests on the second run: {again} (target 0)")


if __name__ == "__main__":
    main()
