"""WarcCaptureMiddleware, built by Scrapy from the project settings: each exchange is written to a
WARC file as received (compressed body, original headers), readable by warcio."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest
from scrapy import Request, Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.http import Response
from scrapy.utils.misc import build_from_crawler
from warcio.archiveiterator import ArchiveIterator

from scraper.middlewares import WarcCaptureMiddleware
from tests.support import NO_ENGINE, project_crawler, send_signal

URL = "http://acftu.people.com.cn/n1/2024/0510/c67502-40232587.html"
BODY = "<html><head><title>职工书屋</title></head></html>".encode("gb18030")


def opened_capture(data_dir: Path) -> tuple[Crawler, WarcCaptureMiddleware]:
    crawler = project_crawler(ARCHIVE_DATA_DIR=str(data_dir), **NO_ENGINE)
    crawler.spider = Spider.from_crawler(crawler, name="people_acftu")
    capture = build_from_crawler(WarcCaptureMiddleware, crawler)
    send_signal(crawler, signals.spider_opened)
    return crawler, capture


def test_an_exchange_is_captured_as_received(tmp_path: Path) -> None:
    crawler, capture = opened_capture(tmp_path)
    request = Request(URL, headers={"User-Agent": "union-archive/0.1", "If-None-Match": '"abc"'})
    compressed = gzip.compress(BODY, mtime=0)
    response = Response(
        URL, status=200, body=compressed, protocol="HTTP/1.1",
        headers={"Content-Type": "text/html; charset=GB2312", "Content-Encoding": "gzip", "ETag": '"abd"'},
    )
    assert capture.process_response(request, response) is response
    send_signal(crawler, signals.spider_closed, reason="finished")

    [warc] = (tmp_path / "warc").iterdir()
    assert warc.name.startswith("people_acftu-") and warc.name.endswith(".warc.gz")
    name, offset = capture.location(URL) or ("", -1)
    assert name == warc.name
    assert capture.location(URL) is None  # forgotten once asked
    assert crawler.stats is not None and crawler.stats.get_value("archive/warc_records") == 2
    with warc.open("rb") as stream:
        records = [
            (r.rec_type, r.rec_headers.get_header("WARC-Target-URI"), r.http_headers, r.raw_stream.read())
            for r in ArchiveIterator(stream, check_digests="raise")  # block and payload digests hold
        ]
        stream.seek(offset)
        assert next(iter(ArchiveIterator(stream))).rec_type == "request"
    assert [(kind, uri) for kind, uri, _, _ in records] == [("warcinfo", None), ("request", URL), ("response", URL)]
    _, _, sent, _ = records[1]
    assert f"{sent.protocol} {sent.statusline}" == "GET /n1/2024/0510/c67502-40232587.html HTTP/1.1"
    assert sent.get_header("Host") == "acftu.people.com.cn"
    assert sent.get_header("User-Agent") == "union-archive/0.1"
    assert sent.get_header("If-None-Match") == '"abc"'
    _, _, received, payload = records[2]
    assert received.get_statuscode() == "200"
    assert received.get_header("Content-Encoding") == "gzip"
    assert received.get_header("Content-Type") == "text/html; charset=GB2312"
    assert received.get_header("ETag") == '"abd"'
    assert payload == compressed


def test_switched_off(tmp_path: Path) -> None:
    crawler = project_crawler(ARCHIVE_DATA_DIR=str(tmp_path), ARCHIVE_WARC_ENABLED=False)
    with pytest.raises(NotConfigured, match=r"^ARCHIVE_WARC_ENABLED is off$"):
        build_from_crawler(WarcCaptureMiddleware, crawler)
    assert WarcCaptureMiddleware.of(crawler) is None
    assert list(tmp_path.iterdir()) == []
