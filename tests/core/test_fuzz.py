"""Fuzzing the pure core with hypothesis (bounded: a fixed number of examples and a deadline).

Whatever bytes or text come in, decode, repair and the page-to-article path return a value or a
`Failed` with its stage; they never raise, and never take long."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.decode import UndecodableError, decode_html
from core.page import Extracted, Failed, page_to_article
from core.textrepair import repair_text
from core.textrepair.lm import model

FUZZ = settings(max_examples=150, deadline=2000, suppress_health_check=[HealthCheck.too_slow], derandomize=True)
CHINESE = st.text(
    alphabet=st.sampled_from("工会职工技能大赛來源作者责编記者年月日，。：（）()[]<>/\\&\"' \n\t\x00\x1b\ufffd锟斤拷ǎàé丂"),
    max_size=300,
)
MARKUP = st.lists(
    st.sampled_from(
        ["<html>", "<head>", "<meta charset=gb2312>", "<meta charset=big5>", "<title>", "</title>", "<h1>",
         "</h1>", "<p>", "</p>", "<div class=content>", "</div>", "<table><tr><td>", "<br>", "<script>x=1</script>",
         "<!--", "-->", "<![CDATA[", "来源：工人日报", "作者：王强", "责任编辑：李明", "2024-05-10 09:30", "&#0;",
         "&nbsp;", "<a href='http://[bad'>", "<a href='/x.html'>", "<meta name=ArticleTitle content=标题>", "\x00"]
    ),
    max_size=60,
)


@FUZZ
@given(st.binary(max_size=2000), st.sampled_from([None, "text/html", "text/html; charset=gb2312",
                                                  "text/html; charset=big5", "text/plain", "text/html; charset=x-bogus"]))
def test_decode_takes_any_bytes(body: bytes, content_type: str | None) -> None:
    try:
        decoded = decode_html(body, content_type)
    except UndecodableError as exc:  # the documented refusal: no reading of the bytes is plausible
        assert "no readable text" in str(exc)
        return
    assert isinstance(decoded.text, str)
    assert decoded.encoding


@pytest.fixture(scope="module", autouse=True)
def loaded_model() -> None:
    """Load the repair model once before the deadlines start counting (it takes seconds)."""
    model()


@FUZZ
@given(CHINESE)
def test_repair_takes_any_text(text: str) -> None:
    result = repair_text(text)
    assert isinstance(result.text, str)
    assert result.changed == (result.text != text)


@FUZZ
@given(MARKUP, CHINESE, st.sampled_from(["utf-8", "gb18030", "big5"]))
def test_page_to_article_never_raises(parts: list[str], text: str, codec: str) -> None:
    body = ("".join(parts) + text).encode(codec, "replace")
    found = page_to_article("http://news.example.com/2024/0510/1.html", body)
    assert isinstance(found, Extracted | Failed)
    if isinstance(found, Failed):
        assert found.stage in ("decode", "parse", "validate") and found.reason
    else:
        assert found.article.title.strip() and any(p.strip() for p in found.article.body)


@FUZZ
@given(st.binary(max_size=3000))
def test_text_dumps_of_any_bytes(body: bytes) -> None:
    found = page_to_article(None, body, headers={"Content-Type": "text/plain"})
    assert isinstance(found, Extracted | Failed)
