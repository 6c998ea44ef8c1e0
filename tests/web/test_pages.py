"""Search facets, article versions and diffs, raw pages, health, exports and feeds over HTTP."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from urllib.parse import quote, urlencode

import feedparser
import pytest
from warcio.archiveiterator import ArchiveIterator

from tests.web.sample import build, served
from tests.web.test_web import fetch, get_json


@pytest.fixture
def base(db_url: str) -> Iterator[str]:
    build(db_url)
    with served(db_url) as url:
        yield url


def fetch_bytes(url: str) -> tuple[int, dict[str, str], bytes]:
    import urllib.request

    with urllib.request.urlopen(url, timeout=10) as response:
        return response.status, dict(response.headers), response.read()


def test_search_page_facets_chips_timeline(base: str) -> None:
    status, _, html = fetch(f"{base}/?q=" + quote("工会"))
    assert status == 200
    assert "1–12 of 12 result(s)" in html
    assert '<bdi>中国工会新闻 (acftu.people.com.cn)</bdi></a> <span class="n">6</span>' in html
    assert '<a href="/?q=%E5%B7%A5%E4%BC%9A&amp;source=%E4%B8%AD%E5%B7%A5%E7%BD%91"><bdi>中工网</bdi></a> <span class="n">4</span>' in html
    assert '<option value="workercn">中工网 (www.workercn.cn)</option>' in html
    assert html.count("<rect ") == 3 and "<title>2023-11: 4</title>" in html
    assert 'href="/?author=%E5%88%98%E7%90%BC"><bdi>刘琼</bdi></a>' in html
    _, _, filtered = fetch(f"{base}/?" + urlencode({"q": "工会", "site": "workercn"}))
    assert "1–4 of 4 result(s)" in filtered
    assert '<a href="/?q=%E5%B7%A5%E4%BC%9A" title="remove this filter">site: <bdi>中工网 (www.workercn.cn)</bdi> ×</a>' in filtered
    assert '<option value="workercn" selected>' in filtered


def test_search_pages_and_sort(base: str) -> None:
    _, _, html = fetch(f"{base}/?" + urlencode({"q": "工会", "limit": 5, "offset": 5, "sort": "date"}))
    assert "6–10 of 12 result(s)" in html
    assert "<strong>2</strong>" in html
    assert 'href="/?q=%E5%B7%A5%E4%BC%9A&amp;sort=date&amp;limit=5&amp;offset=10">3</a>' in html
    status, _, error = fetch(f"{base}/?" + urlencode({"q": "欠薪", "since": "nonsense"}))
    assert status == 400 and 'name="q" value="欠薪"' in error and 'name="since" value="nonsense"' in error


def test_article_versions_diff_raw(base: str) -> None:
    _, _, html = fetch(f"{base}/article/1")
    assert "(Beijing time 北京时间)" in html and "version</dt><dd>2 of 2" in html.replace(" 版本", "")
    assert 'href="/article/1/diff?from=1&amp;to=2"' in html
    assert "<td>body</td><td>0–2</td><td>mojibake</td><td><bdi>鑱屽伐</bdi></td><td><bdi>职工</bdi></td><td>0.95</td>" in html
    _, _, diff = fetch(f"{base}/article/1/diff?from=1&to=2")
    assert '<tr class="replace"><td class="old" dir="auto">职工技能大赛举行。</td><td class="new" dir="auto">职工技能大赛于五月举行。</td></tr>' in diff
    assert '<tr class="replace"><td class="old" dir="auto"></td><td class="new" dir="auto">新增一段。</td></tr>' in diff
    _, _, unified = fetch(f"{base}/article/1/diff?from=1&to=2&view=unified")
    assert '<span class="add">+新增一段。</span>' in unified
    assert fetch(f"{base}/article/1/diff?from=1&to=9")[0] == 404
    status, headers, raw = fetch_bytes(f"{base}/article/1/raw")
    assert raw.startswith(b"<html><script>window.__pwned")
    assert headers["Content-Type"] == "text/plain; charset=utf-8"
    assert headers["Content-Security-Policy"] == "sandbox; default-src 'none'"
    _, headers, warc = fetch_bytes(f"{base}/article/1/warc")
    records = [(r.rec_type, r.rec_headers.get_header("WARC-Target-URI")) for r in ArchiveIterator(io.BytesIO(warc))]
    assert records == [("warcinfo", None), ("response", "http://example.com/people_acftu/0.html")]


def test_health_page(base: str) -> None:
    _, _, html = fetch(f"{base}/health")
    assert '<span class="month">2024-05: 6</span>' in html
    assert '<div class="error">coverage of authors dropped to 50% of 6 new articles</div>' in html
    assert "authors 50%, date 100%" in html
    assert '<a href="/failures/1/raw">bytes</a>' in html
    _, headers, raw = fetch_bytes(f"{base}/failures/1/raw")
    assert raw == b"<html><script>window.__pwned=1</script></html>"
    assert headers["Content-Disposition"].startswith("attachment;")


def test_exports_and_feed(base: str) -> None:
    _, headers, body = fetch(f"{base}/export.csv?" + urlencode({"q": "欠薪"}))
    rows = list(csv.DictReader(io.StringIO(body)))
    assert [r["url"] for r in rows] == ["http://example.com/gmw/10.html", "http://example.com/gmw/11.html"]
    assert headers["Content-Disposition"] == 'attachment; filename="search.csv"'
    _, _, lines = fetch(f"{base}/export.jsonl?site=workercn")
    assert [json.loads(line)["title"] for line in lines.splitlines()] == [f"工会新闻第{i}篇" for i in range(6, 10)]
    _, headers, atom = fetch(f"{base}/feed?" + urlencode({"q": "工会", "site": "people_acftu"}))
    assert headers["Content-Type"].startswith("application/atom+xml")
    parsed = feedparser.parse(atom)
    assert parsed.bozo == 0
    assert [e.title for e in parsed.entries][:2] == ["工会新闻第5篇", "工会新闻第4篇"]
    assert parsed.entries[0].link == f"{base}/article/6"


def test_api_errors_are_json(base: str) -> None:
    assert get_json(f"{base}/api/nothing") == (404, {"error": get_json(f"{base}/api/nothing")[1]["error"]})
    status, data = get_json(f"{base}/api/search?limit=1001")
    assert status == 400 and data["fields"] == {"limit": ["Must be greater than or equal to 0 and less than or equal to 1000."]}
    status, data = get_json(f"{base}/api/search?q=" + "x" * 9000)
    assert status == 414 and data == {"error": "request target longer than 8192 characters"}
    status, data = get_json(f"{base}/api/facets?" + urlencode({"q": "工会", "site": "gmw"}))
    assert data["sites"] == [{"value": "gmw", "count": 2, "title": "gmw"}] and data["approximate"] is False
    status, data = get_json(f"{base}/api/articles/1/diff?from=1&to=2")
    assert data["unified"][-2:] == ["+职工技能大赛于五月举行。", "+新增一段。"]
    status, data = get_json(f"{base}/api/openapi.json")
    assert data["openapi"] == "3.0.3" and "/api/articles/{article_id}/diff" in data["paths"]
