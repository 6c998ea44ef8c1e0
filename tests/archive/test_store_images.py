"""`archive.store.images` on both backends: image rows written with their article, what is not
fetched again (`known_images`), and what the read side (`archive.images`) gives back."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from archive_samples import make_article

from archive import images
from archive.api import Archive
from archive.db import transaction
from archive.store import ImageRecord, Incoming, known_images, store_article, write_images

SHA = "ab" * 32
WHEN = datetime(2024, 5, 10, 1, 2, 3)
PHOTO = ImageRecord(
    "http://img.example/a.jpg", "现场。", "stored", sha256=SHA, content_type="image/jpeg", size=1234,
    width=64, height=48, path=f"full/ab/{SHA}.jpg", thumb_path=f"thumbs/small/ab/{SHA}.jpg", fetched_at=WHEN,
)
GONE = ImageRecord("http://img.example/gone.jpg", "没了。", "failed", "HTTP 404 from server", fetched_at=WHEN)
BUSY = ImageRecord("http://img.example/busy.jpg", None, "failed", "HTTP 503 from server", fetched_at=WHEN)


def rows(db_url: str, article_id: int) -> list[tuple[object, ...]]:
    with transaction(db_url) as session:
        found = images.article_images(session, article_id)
    return [(r["position"], r["url"], r["caption"], r["outcome"], r["reason"], r["sha256"], r["size"]) for r in found]


def test_images_are_written_with_their_article(db_url: str) -> None:
    with transaction(db_url) as session:
        stored = store_article(session, Incoming(make_article(1), images=(PHOTO, GONE, BUSY)))
    assert rows(db_url, stored.article_id) == [
        (0, PHOTO.url, "现场。", "stored", None, SHA, 1234),
        (1, GONE.url, "没了。", "failed", "HTTP 404 from server", None, None),
        (2, BUSY.url, None, "failed", "HTTP 503 from server", None, None),
    ]
    assert Archive(db_url).images(stored.article_id)[0]["fetched_at"] == "2024-05-10T01:02:03"


def test_a_failed_image_stored_later_replaces_its_failure_and_stored_rows_stay(db_url: str) -> None:
    with transaction(db_url) as session:
        article_id = store_article(session, Incoming(make_article(1), images=(PHOTO, BUSY))).article_id
    fixed = ImageRecord(BUSY.url, None, "stored", sha256="cd" * 32, size=10, path=f"full/cd/{'cd' * 32}.png")
    with transaction(db_url) as session:
        write_images(session.connection(), [(article_id, [PHOTO.shown("另一说明"), fixed])])
    assert rows(db_url, article_id) == [
        (0, PHOTO.url, "现场。", "stored", None, SHA, 1234),
        (1, BUSY.url, None, "stored", None, "cd" * 32, 10),
    ]


def test_what_is_not_fetched_again(db_url: str) -> None:
    with transaction(db_url) as session:
        store_article(session, Incoming(make_article(1), images=(PHOTO, GONE, BUSY)))
        store_article(session, Incoming(make_article(2), images=(PHOTO.shown("同一张。"),)))
    with transaction(db_url) as session:
        known = known_images(session.connection(), [PHOTO.url, GONE.url, BUSY.url, "http://img.example/new.jpg"])
    # stored: copied; a 404 would be a 404 again; a 503 is tried again, as is a URL never seen.
    assert sorted(known) == [PHOTO.url, GONE.url]
    assert known[PHOTO.url] == ImageRecord(
        PHOTO.url, None, "stored", None, SHA, "image/jpeg", 1234, 64, 48, PHOTO.path, PHOTO.thumb_path,
        fetched_at=WHEN,
    )
    assert (known[GONE.url].outcome, known[GONE.url].reason) == ("failed", "HTTP 404 from server")


def test_counts_and_files(db_url: str, tmp_path: Path) -> None:
    with transaction(db_url) as session:
        first = store_article(session, Incoming(make_article(1), images=(PHOTO, GONE))).article_id
        store_article(session, Incoming(make_article(2), images=(PHOTO,)))
    with transaction(db_url) as session:
        assert images.image_counts(session) == {"stored": 2, "files": 1, "bytes": 1234, "failed": 1}
        assert images.failure_reasons(session) == [{"reason": "HTTP 404 from server", "count": 1}]
    (tmp_path / "full" / "ab").mkdir(parents=True)
    (tmp_path / PHOTO.path).write_bytes(b"\xff\xd8jpeg")  # type: ignore[operator]
    archive = Archive(db_url)
    found = archive.image_file(tmp_path, first, 0)
    assert found is not None and (found.body, found.content_type) == (b"\xff\xd8jpeg", "image/jpeg")
    assert archive.image_file(tmp_path, first, 0, thumb=True) is None  # no thumbnail file
    assert archive.image_file(tmp_path, first, 1) is None  # failed
    assert archive.image_file(tmp_path, first, -1) is None


def test_a_row_outside_the_store_layout_is_not_read(db_url: str, tmp_path: Path) -> None:
    sneaky = ImageRecord("http://img.example/x.jpg", None, "stored", sha256=SHA, content_type="image/jpeg",
                         path="../../etc/passwd")
    with transaction(db_url) as session:
        article_id = store_article(session, Incoming(make_article(1), images=(sneaky,))).article_id
    assert Archive(db_url).image_file(tmp_path / "store", article_id, 0) is None
