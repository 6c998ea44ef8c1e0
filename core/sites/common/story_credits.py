"""Credits inside story paragraphs: a lead dateline `新华社北京5月19日电（刘艺、杨吉）` and a
trailing author parenthetical `……共赢。（钟才文）`."""

from __future__ import annotations

import re

from core.sites.common.names import NAME_SEPARATORS, split_names
from core.sites.common.text import collapse

# A dateline opening a story: 新华社北京5月19日电（刘艺、杨吉）, 本报讯（记者叶婉）, 长江网10月4日讯（记者陈智 整合）
LEAD_DATELINE = re.compile(
    r"^(?:据)?[^，。！？“”\s]{0,30}?(?:\d{1,2}月\d{1,2}日)?(?:电|讯|訊|電)\s*[（(](?P<credit>[^（）()]{1,40})[）)]"
)
# A trailing credit at the end of the last paragraph: （姚峰 上海报道）, （总台记者 张倩）, (记者宋晨、田中全
TRAILING_CREDIT = re.compile(r"[（(](?P<credit>[^（）()。！？]{1,40})(?:[）)]|$)\s*$")
_CREDIT_HINT = re.compile(
    r"记者|記者|通讯员|通訊員|实习生|报道|報道|编译|編譯|作者|撰文|执笔|文/|/文|整合|整理|综合"
)


def lead_credit(paragraph: str) -> list[str]:
    """Names in a lead dateline `新华社…电（记者邹伟）`."""
    match = LEAD_DATELINE.match(paragraph)
    if not match:
        return []
    return credit_names(match["credit"])


def credit_names(credit: str) -> list[str]:
    """Names in a parenthetical credit: labels and org prefixes dropped, photographers excluded."""
    credit = collapse(credit)
    if re.search(r"(?:编辑|責編|责编|编辑|校对|审核|来源|來源)", credit):
        return []
    if re.search(r"摄|攝|供图|图片", credit) and not re.search(r"记者|記者|文", credit):
        return []
    return split_names(credit)


def trailing_credit(paragraph: str) -> tuple[str, list[str]]:
    """Split a trailing author parenthetical off the last paragraph: (text without it, names)."""
    match = TRAILING_CREDIT.search(paragraph)
    if not match:
        return paragraph, []
    credit = match["credit"].strip()
    after_sentence = paragraph[: match.start()].rstrip()[-1:] in "。！？!?”」"
    if not _looks_like_credit(credit, after_sentence):
        return paragraph, []
    names = credit_names(credit)
    return paragraph[: match.start()].rstrip(), names


def _looks_like_credit(credit: str, after_sentence: bool) -> bool:
    """A parenthetical is a credit when it carries a credit word, or is only short names standing
    after the last sentence (`……共赢。（钟才文）`, not `……举行（见下图）`)."""
    if _CREDIT_HINT.search(credit):
        return True
    if re.search(r"编辑|责编|責編", credit):
        return True
    if not after_sentence:
        return False
    tokens = [t for t in NAME_SEPARATORS.split(credit) if t]
    return (
        bool(tokens) and all(re.fullmatch(r"[\u4e00-\u9fff·]{2,4}", t) for t in tokens) and len(tokens) <= 4
    )
