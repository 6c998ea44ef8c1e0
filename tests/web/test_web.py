"""The web page and JSON API, served for real on 127.0.0.1 and queried over HTTP."""

from __future__ import annotations

import json
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from typing import Any
from urllib.parse import quote, urlencode

import pytest
from werkzeug.serving import make_server

from archive.api import Archive
from archive.db import transaction
from archive.store import store_article
from core.article import Article, Image, Published
from web import create_app

HOSTILE = '<script>alert("x")</script>工会'


@pytest.fixture
def server(db_url: str) -> Iterator[tuple[str, str]]:
    """The app over an archive of three articles (one hostile), on each backend."""
    articles = [
        Article(
            url="http://example.com/a/1.html",
            site="people_acftu",
            title="全国总工会举办职工技能大赛",
            body=["中华全国总工会今天宣布，职工技能大赛将于五月举行。"],
            authors=["刘琼"],
            source="工人日报",
            published_at=Published.beijing(2024, 5, 10, 8, 0),
        ),
        Article(
            url="http://example.com/a/2.html",
            site="workercn_big5",
            title="全國總工會舉辦職工技能大賽",
            body=["職工技能大賽將於五月舉行。"],
            authors=["劉瓊"],
            published_at=Published.beijing(2023, 12, 31, 23, 30),
        ),
        Article(
            url="javascript:alert(1)",
            site="evil",
            title=HOSTILE,
            body=['<img src=x onerror="alert(1)"> 工会 <b>粗</b>'],
            authors=["<i>坏人</i>"],
            images=[Image("javascript:alert(2)", "<script>图</script>")],
            published_at=Published.beijing(2022, 1, 1),
        ),
    ]
    with transaction(db_url) as session:
        for article in articles:
            store_article(session, article)
    httpd = make_server("127.0.0.1", 0, create_app(db_url), threaded=True)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_port}", db_url
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(5)


def fetch(url: str) -> tuple[int, dict[str, str], str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, dict(response.headers), response.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        with exc:
            return exc.code, dict(exc.headers), exc.read().decode("utf-8")


def get_json(url: str) -> tuple[int, Any]:
    status, headers, body = fetch(url)
    assert headers["Content-Type"].startswith("application/json")
    return status, json.loads(body)


def test_api_search_is_the_cli_json(server: tuple[str, str]) -> None:
    base, db_url = server
    status, data = get_json(f"{base}/api/search?" + urlencode({"q": "工會", "author": "刘琼", "limit": 5}))
    assert status == 200
    assert list(data)[:4] == ["query", "took_ms", "total", "results"]
    assert data["query"] == "工會" and data["total"] == 2
    assert {r["url"] for r in data["results"]} == {"http://example.com/a/1.html", "http://example.com/a/2.html"}
    expected = Archive(db_url).search("工會", author="刘琼", limit=5).to_dict()
    assert [r["id"] for r in data["results"]] == [r["id"] for r in expected["results"]]
    assert data["results"][0].keys() == expected["results"][0].keys()


def test_api_filters_and_errors(server: tuple[str, str]) -> None:
    base, _ = server
    _, data = get_json(
        f"{base}/api/search?" + urlencode({"q": "技能", "since": "2024", "site": "people_acftu"})
    )
    assert [r["id"] for r in data["results"]] == [1]
    status, data = get_json(f"{base}/api/search?" + urlencode({"q": "工会", "since": "later"}))
    assert status == 400 and "not a date" in data["error"]
    status, data = get_json(f"{base}/api/search?limit=abc")
    assert status == 400
    status, data = get_json(f"{base}/api/search?" + urlencode({"q": '") NEAR * OR "'}))
    assert status == 200


def test_api_article(server: tuple[str, str]) -> None:
    base, db_url = server
    status, data = get_json(f"{base}/api/articles/1")
    assert status == 200
    assert data == Archive(db_url).get(1)
    assert data["title"] == "全国总工会举办职工技能大赛"
    status, data = get_json(f"{base}/api/articles/999")
    assert status == 404 and "999" in data["error"]
    status, data = get_json(f"{base}/api/articles/1/versions")
    assert [v["version"] for v in data] == [1]


def test_search_page(server: tuple[str, str]) -> None:
    base, _ = server
    status, headers, html = fetch(f"{base}/?q=" + quote("職工技能大賽"))
    assert status == 200
    assert "2 result(s)" in html
    assert 'href="/article/1"' in html and 'href="/article/2"' in html
    assert "<mark>职工技能大赛</mark>" in html and "<mark>職工技能大賽</mark>" in html
    assert "default-src 'none'" in headers["Content-Security-Policy"]
    status, _, html = fetch(f"{base}/?since=nonsense")
    assert status == 400 and "not a date" in html


def test_hostile_text_is_escaped(server: tuple[str, str]) -> None:
    base, _ = server
    _, _, html = fetch(f"{base}/?q=" + quote("工会"))
    assert "<script>" not in html and "<img" not in html and "<i>" not in html
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;工会" in html
    assert "&lt;img src=x onerror=&#34;alert(1)&#34;&gt;" in html
    _, _, page = fetch(f"{base}/article/3")
    assert "<script>" not in page and "<img" not in page and "<b>" not in page
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;工会" in page
    assert 'href="javascript:' not in page
    _, _, query_page = fetch(f"{base}/?q=" + quote('"><script>alert(3)</script>'))
    assert "<script>alert(3)" not in query_page


def test_article_page(server: tuple[str, str]) -> None:
    base, _ = server
    status, _, html = fetch(f"{base}/article/1")
    assert status == 200
    assert "全国总工会举办职工技能大赛" in html and "刘琼" in html and "工人日报" in html
    status, _, html = fetch(f"{base}/article/42")
    assert status == 404


def test_serve_command(server: tuple[str, str]) -> None:
    """`union-archive serve` in a subprocess answers on the port it was given."""
    import socket
    import subprocess
    import sys
    import time

    _, db_url = server
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = [
        sys.executable,
        "-m",
        "cli",
        "--db",
        db_url,
        "serve",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
    ]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                status, data = get_json(f"http://127.0.0.1:{port}/api/search?q=" + quote("工会"))
                break
            except urllib.error.URLError:
                assert process.poll() is None, process.stderr.read().decode() if process.stderr else ""
                assert time.monotonic() < deadline, "server did not start"
                time.sleep(0.2)
        assert status == 200 and data["total"] == 3
    finally:
        process.terminate()
        process.communicate(timeout=10)
