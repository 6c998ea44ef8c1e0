"""Plain-text article dumps (what a "save as text" of a people.com.cn page gives):

    中國共產黨新聞網>>中國工會新聞          channel, `>>`-separated (optional)
    吉林省總出實招讓工會十八大精神“生根結果”  title
    全周期提升技能 全時空高品質服務          subtitle (optional)
    彭冰 柳姍姍                              authors (optional)
    2023年12月25日08:51  來源:中工網        date (+ time) and source
    ...                                      body paragraphs
    (責編:劉瓊、黃瑾)                        editors (optional)

Blank lines are ignored. Pure: run `core.textrepair.repair_text` on the text first.
"""

from __future__ import annotations

import hashlib
import re

from core.article import Article, ParseError, Published

NAME = "textdump"
UNION_CHANNELS = frozenset({"中國工會新聞", "中国工会新闻"})

_DATE = re.compile(
    r"^(?P<y>\d{4})\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日"
    r"\s*(?:(?P<H>\d{1,2})\s*[:：]\s*(?P<M>\d{2})(?:\s*[:：]\s*(?P<S>\d{2}))?)?"
    r"|^(?P<y2>\d{4})-(?P<m2>\d{1,2})-(?P<d2>\d{1,2})(?:\s+(?P<H2>\d{1,2}):(?P<M2>\d{2})(?::(?P<S2>\d{2}))?)?"
)
_SOURCE = re.compile(r"(?:來源|来源)\s*[:：]\s*(?P<source>\S+)")
_EDITORS = re.compile(r"^[(（\[【]\s*(?:責任編輯|责任编辑|責編|责编|編輯|编辑)\s*[:：]\s*(?P<names>[^)）\]】]*)[)）\]】]$")
_AUTHOR_LABEL = re.compile(
    r"^(?:本報記者|本报记者|記者|记者|通訊員|通讯员|作者|文|撰稿|圖|图|攝|摄)\s*[:：/／]?\s*"
)
_NAME_SPLIT = re.compile(r"[\s、，,;；/／]+")
_HAN_NAME = re.compile(r"^[\u3400-\u9fff·•]{2,6}$")


def _names(line: str) -> list[str]:
    names = []
    for token in _NAME_SPLIT.split(line.strip()):
        token = _AUTHOR_LABEL.sub("", token).strip()
        if token:
            names.append(token)
    return names


def _looks_like_names(line: str) -> bool:
    if _AUTHOR_LABEL.match(line):
        return True
    names = _names(line)
    return bool(names) and len(names) <= 6 and all(_HAN_NAME.match(n) for n in names) and (
        len(names) > 1 or len(names[0]) <= 4
    )


def _published(match: re.Match[str]) -> Published:
    year = match["y"] or match["y2"]
    month = match["m"] or match["m2"]
    day = match["d"] or match["d2"]
    hour = match["H"] or match["H2"]
    minute = match["M"] or match["M2"]
    second = match["S"] or match["S2"]
    return Published.beijing(
        int(year), int(month), int(day),
        int(hour) if hour else None, int(minute) if minute else None, int(second) if second else None,
    )


def pseudo_url(text: str) -> str:
    """A stable identifier for a dump that has no URL: `text:<sha1 of the text>`."""
    return "text:" + hashlib.sha1(text.encode("utf-8")).hexdigest()


def parse_text_dump(text: str, url: str | None = None) -> Article:
    """Parse one dump into an `Article`; `ParseError` when there is no title and date line."""
    lines = [line.strip() for line in text.splitlines()]
    lines = [line for line in lines if line]
    dated = next(((i, m) for i, line in enumerate(lines) if (m := _DATE.match(line))), None)
    if dated is None:
        raise ParseError("no date line (`2023年12月25日08:51  來源:…`) in the text dump")
    date_at, date_match = dated
    header = lines[:date_at]
    channel: list[str] = []
    if header and ">>" in header[0]:
        channel = [part.strip() for part in header.pop(0).split(">>") if part.strip()]
    if not header:
        raise ParseError("no title line before the date line in the text dump")
    title = re.sub(r"\s+", " ", header.pop(0))
    authors: list[str] = []
    if header and _looks_like_names(header[-1]):
        authors = _names(header.pop())
    subtitle = " ".join(re.sub(r"\s+", " ", line) for line in header) or None

    source_match = _SOURCE.search(lines[date_at])
    body = lines[date_at + 1 :]
    editors: list[str] = []
    if body and (editor_match := _EDITORS.match(body[-1])):
        editors = _names(editor_match["names"])
        body.pop()
    return Article(
        url=url or pseudo_url(text),
        title=title,
        site="people_acftu" if UNION_CHANNELS & set(channel) else NAME,
        subtitle=subtitle,
        authors=authors,
        editors=editors,
        source=source_match["source"] if source_match else None,
        published_at=_published(date_match),
        body=body,
        channel=channel,
    )
