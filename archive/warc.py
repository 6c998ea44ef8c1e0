"""WARC files: capture of exchanges as received (`WarcSink`) and export of a selection (`export_warc`).

Each capture file is `<data dir>/warc/<site>-<UTC time>-<pid>.warc.gz`: a warcinfo record, then a
request record and a response record per exchange, each record its own gzip member. A
snapshot remembers the file (relative to the WARC directory) and the offset of its exchange,
so export copies the captured members byte for byte (and the captured exchanges of the
articles' stored images, whose rows remember theirs the same way). Snapshots without a capture (imported, or
the file is gone) are written as reconstructed response records from the stored headers and body.
"""

from __future__ import annotations

import io
import os
import zlib
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from http import HTTPStatus
from pathlib import Path
from typing import Any, BinaryIO
from urllib.parse import urlsplit

from sqlalchemy import select
from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from archive import models
from archive.db import transaction
from archive.store import decompress

SOFTWARE = "union-archive (Scrapy; warcio)"
HOP_BY_HOP_RENAMED = {"transfer-encoding"}
"""Headers whose meaning no longer holds for the stored payload (the client removed chunking)."""


def status_line(status: int) -> str:
    try:
        return f"{status} {HTTPStatus(status).phrase}"
    except ValueError:
        return f"{status} Unknown"


def request_target(url: str) -> str:
    parts = urlsplit(url)
    return (parts.path or "/") + (f"?{parts.query}" if parts.query else "")


def _response_headers(headers: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    return [
        (f"X-Archive-Orig-{name}" if name.lower() in HOP_BY_HOP_RENAMED else name, value) for name, value in headers
    ]


class WarcSink:
    """An open capture file for one crawl of one site."""

    def __init__(self, directory: Path, site: str) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
        self.name = f"{site}-{stamp}-{os.getpid()}.warc.gz"
        self.path = directory / self.name
        self._out: BinaryIO = self.path.open("wb")
        self._writer = WARCWriter(self._out, gzip=True)
        info = self._writer.create_warcinfo_record(
            self.name, {"software": SOFTWARE, "format": "WARC File Format 1.0", "isPartOf": site}
        )
        self._writer.write_record(info)
        self._out.flush()

    def write_exchange(
        self,
        url: str,
        method: str,
        request_headers: list[tuple[str, str]],
        request_body: bytes,
        protocol: str,
        status: int,
        response_headers: list[tuple[str, str]],
        body: bytes,
    ) -> int:
        """Write a request and its response as received; return the offset of the exchange."""
        offset = self._out.tell()
        request_http = StatusAndHeaders(
            f"{method} {request_target(url)} {protocol}", request_headers, is_http_request=True
        )
        request = self._writer.create_warc_record(
            url, "request", payload=io.BytesIO(request_body), length=len(request_body), http_headers=request_http
        )
        response_http = StatusAndHeaders(status_line(status), _response_headers(response_headers), protocol=protocol)
        response = self._writer.create_warc_record(
            url, "response", payload=io.BytesIO(body), length=len(body), http_headers=response_http,
            warc_headers_dict={"WARC-Concurrent-To": request.rec_headers.get_header("WARC-Record-ID")},
        )
        self._writer.write_record(request)
        self._writer.write_record(response)
        self._out.flush()
        return offset

    def close(self) -> None:
        self._out.close()


def _gzip_member_end(source: BinaryIO, start: int) -> int:
    """Where the gzip member beginning at `start` ends (each WARC record is one member)."""
    source.seek(start)
    inflater = zlib.decompressobj(wbits=31)
    consumed = 0
    while not inflater.eof:
        chunk = source.read(65536)
        if not chunk:
            raise ValueError(f"truncated gzip member at offset {start}")
        inflater.decompress(chunk)
        consumed += len(chunk)
    return start + consumed - len(inflater.unused_data)


def _captured_members(path: Path, offset: int) -> bytes | None:
    """The raw gzip members of the exchange at `offset`: the request record, then the response."""
    with path.open("rb") as source:
        try:
            end = _gzip_member_end(source, _gzip_member_end(source, offset))
        except (ValueError, zlib.error):
            return None
        source.seek(offset)
        members = source.read(end - offset)
    kinds = [record.rec_type for record in ArchiveIterator(io.BytesIO(members))]
    return members if kinds == ["request", "response"] else None


def _reconstructed(writer: WARCWriter, snapshot: models.Snapshot) -> Any:
    skip = {"content-encoding", "content-length", "transfer-encoding"}
    headers = [(k, str(v)) for k, v in snapshot.headers.items() if k.lower() not in skip]
    http = StatusAndHeaders(status_line(snapshot.status), headers, protocol="HTTP/1.1")
    body = decompress(snapshot.body_zlib)
    return writer.create_warc_record(
        snapshot.url, "response", payload=io.BytesIO(body), length=len(body), http_headers=http,
        warc_headers_dict={
            "WARC-Date": snapshot.fetched_at.replace(tzinfo=UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "WARC-Comment": "reconstructed from the archive snapshot (decoded body, no capture)",
        },
    )


def _chunks(items: list[str], size: int) -> Iterator[list[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def export_warc(db_url: str | None, warc_root: Path, out_path: Path, urls: Iterable[str]) -> dict[str, int]:
    """Write every stored response of the selected articles (their URLs) into one WARC file."""
    selected = set(urls)
    with transaction(db_url) as session:
        snapshots = [
            snapshot
            for chunk in _chunks(sorted(selected), 500)
            for snapshot in session.scalars(select(models.Snapshot).where(models.Snapshot.url.in_(chunk)))
        ]
    snapshots.sort(key=lambda snapshot: snapshot.id)
    counts = {"captured": 0, "reconstructed": 0}
    out_path.parent.mkdir(parents=True, exist_ok=True)
    with out_path.open("wb") as out:
        writer = WARCWriter(out, gzip=True)
        writer.write_record(writer.create_warcinfo_record(out_path.name, {"software": SOFTWARE}))
        for snapshot in snapshots:
            members = None
            if snapshot.warc_file and snapshot.warc_offset is not None:
                source = warc_root / snapshot.warc_file
                if source.is_file():
                    members = _captured_members(source, snapshot.warc_offset)
            if members is not None:
                out.write(members)
                counts["captured"] += 1
            else:
                writer.write_record(_reconstructed(writer, snapshot))
                counts["reconstructed"] += 1
        counts["images"] = _copy_images(out, warc_root, _image_captures(db_url, selected))
    return counts


def _image_captures(db_url: str | None, urls: set[str]) -> list[tuple[str, int]]:
    """Where the exchanges of the selected articles' stored images were captured (issue 18)."""
    images, articles = models.ArticleImage, models.Article
    found: set[tuple[str, int]] = set()
    with transaction(db_url) as session:
        for chunk in _chunks(sorted(urls), 500):
            query = (
                select(images.warc_file, images.warc_offset)
                .join(articles, articles.id == images.article_id)
                .where(articles.url.in_(chunk) | articles.canonical_url.in_(chunk))
                .where(images.outcome == "stored", images.warc_file.is_not(None), images.warc_offset.is_not(None))
            )
            found.update((name, int(offset)) for name, offset in session.execute(query))
    return sorted(found)


def _copy_images(out: BinaryIO, warc_root: Path, captures: list[tuple[str, int]]) -> int:
    """Copy each image exchange (request and response records) byte for byte; how many were."""
    copied = 0
    for name, offset in captures:
        source = warc_root / name
        members = _captured_members(source, offset) if source.is_file() else None
        if members is not None:
            out.write(members)
            copied += 1
    return copied
