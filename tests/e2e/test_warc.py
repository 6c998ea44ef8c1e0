"""Raw archive: every exchange captured as a WARC record before decompression, exported as a valid WARC
that replays the bytes the server sent."""

from __future__ import annotations

import gzip
import shutil
import subprocess
import sys
import zlib
from pathlib import Path

from sqlalchemy import create_engine, text
from warcio.archiveiterator import ArchiveIterator
from warcio.recordloader import ArcWarcRecord

from mirror.build_demo import HEADERS, render_article
from mirror.server import MirrorServer, Recorded
from tests.e2e.conftest import REPO, cli, crawl_cli
from tests.e2e.demo_edits import list_on_head, new_article

WARCIO = Path(sys.executable).parent / "warcio"


def line(record: ArcWarcRecord) -> str:
    """The status line of a response, the request line of a request."""
    headers = record.http_headers
    return f"{headers.protocol} {headers.statusline}" if record.rec_type == "request" else headers.statusline


def records(path: Path) -> list[tuple[str, str, bytes, list[tuple[str, str]], str]]:
    """(type, target URI, raw HTTP payload, HTTP headers, status or request line) of each record."""
    found = []
    with path.open("rb") as stream:
        for record in ArchiveIterator(stream):
            if record.rec_type not in ("request", "response"):
                continue
            found.append((
                record.rec_type,
                record.rec_headers.get_header("WARC-Target-URI"),
                record.raw_stream.read(),
                list(record.http_headers.headers),
                line(record),
            ))
    return found


def test_export_warc_replays_the_bytes_as_received(mirror_server: MirrorServer, tmp_path: Path) -> None:
    db_url = f"sqlite:///{tmp_path / 'archive.sqlite'}"
    data = tmp_path / "data"
    gzipped = new_article(7)
    page = render_article(gzipped).encode("gb18030")
    compressed = gzip.compress(page, mtime=0)
    mirror_server.mirror.add(
        Recorded(gzipped.url, 200, {**HEADERS, "Content-Encoding": "gzip", "Vary": "Accept-Encoding"}, compressed)
    )
    list_on_head(mirror_server.mirror, [gzipped])

    crawl = crawl_cli(db_url, mirror_server.url, data, "people_acftu")
    assert crawl.returncode == 0, crawl.stderr[-3000:]
    (capture,) = (data / "warc").glob("people_acftu-*.warc.gz")
    assert subprocess.run([WARCIO, "check", capture], capture_output=True, check=False).returncode == 0
    captured = records(capture)
    served = {entry["url"] for entry in mirror_server.mirror.log}
    assert {uri for kind, uri, *_ in captured if kind == "response"} == served
    assert {uri for kind, uri, *_ in captured if kind == "request"} == served

    out = tmp_path / "export.warc.gz"
    result = cli(db_url, "export", "--warc", str(out), "--site", "people_acftu", "--data-dir", str(data))
    assert result.returncode == 0, result.stderr
    assert "wrote 6 captured and 0 reconstructed response(s) and 1 image exchange(s)" in result.stderr
    check = subprocess.run([WARCIO, "check", "-v", out], capture_output=True, text=True, check=False)
    assert check.returncode == 0, check.stdout
    assert "digest pass" in check.stdout and "fail" not in check.stdout

    exported = records(out)
    responses = [r for r in exported if r[0] == "response"]
    requests = [r for r in exported if r[0] == "request"]
    assert len(responses) == len(requests) == 7  # six pages and the 12-28 article's picture (issue 18)
    assert [r[1] for r in requests] == [r[1] for r in responses]
    for _, uri, payload, headers, status in responses:
        recorded = mirror_server.mirror.get(uri)
        assert recorded is not None
        assert status == "200 OK"
        assert payload == recorded.body, uri
        assert ("Content-Type", recorded.headers["Content-Type"]) in headers
    (gz,) = [r for r in responses if r[1] == gzipped.url]
    assert gz[2] == compressed and ("Content-Encoding", "gzip") in gz[3]
    for _, uri, payload, headers, request_line in requests:
        assert request_line == f"GET {uri.removeprefix('http://acftu.people.com.cn')} HTTP/1.1"
        assert ("Host", "acftu.people.com.cn") in headers
        assert payload == b""

    engine = create_engine(db_url)
    with engine.connect() as connection:
        body, title = connection.execute(
            text("SELECT s.body_zlib, a.title FROM snapshots s JOIN articles a ON a.url = s.url WHERE s.url = :u"),
            {"u": gzipped.url},
        ).one()
    engine.dispose()
    assert zlib.decompress(body) == page
    assert title == gzipped.title

    # Without the capture files the export falls back to the stored snapshots (decoded bodies).
    shutil.rmtree(data / "warc")
    fallback = tmp_path / "fallback.warc.gz"
    result = cli(db_url, "export", "--warc", str(fallback), "--since", "2023-12-28", "--data-dir", str(data))
    assert "wrote 0 captured and 3 reconstructed response(s)" in result.stderr
    assert subprocess.run([WARCIO, "check", fallback], capture_output=True, check=False).returncode == 0
    rebuilt = {uri: payload for kind, uri, payload, *_ in records(fallback) if kind == "response"}
    assert rebuilt[gzipped.url] == page


def test_export_help_offers_warc_with_the_filters() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "cli", "export", "--help"], cwd=REPO, capture_output=True, text=True,
        check=False,
    )
    assert result.returncode == 0
    assert all(option in result.stdout for option in ("--warc", "--site", "--since", "--author"))
