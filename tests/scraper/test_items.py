"""`PageRecord.from_response`: the body untouched and each header's values joined as received."""

from __future__ import annotations

from scrapy.http import HtmlResponse

from scraper.items import PageRecord


def test_page_record_keeps_body_bytes_and_header_values() -> None:
    body = "<p>工会</p>".encode("gb18030")
    response = HtmlResponse(
        "http://acftu.people.com.cn/n1/2023/1225/c67502-40146023.html",
        status=200,
        body=body,
        headers={"Content-Type": "text/html; charset=GB2312", "Set-Cookie": ["a=1", "b=2"]},
    )
    page = PageRecord.from_response(response)
    assert page.body == body
    assert page.status == 200
    assert page.headers == {"Content-Type": "text/html; charset=GB2312", "Set-Cookie": "a=1, b=2"}
