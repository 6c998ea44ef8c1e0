"""Person names in a credit value: `本报记者 王乐文 方 敏` -> 王乐文, 方敏."""

from __future__ import annotations

import re

from core.sites.common.credit_tables import (
    COMMON_SURNAMES,
    INTERFACE_WORDS,
    NOT_NAMES,
    PERSON_NAME,
    PUBLICATION_HINT,
)
from core.sites.common.text import strip_pinyin

NAME_SEPARATORS = re.compile(r"[\s、，,;；/&＆]+")
MAX_CJK_NAME = 6
_BRACKETS = str.maketrans({c: " " for c in "()（）[]【】〔〕<>「」『』"})
_PHOTO_CREDIT = re.compile(
    r"[^\s、，,/]*?(?:供图|供圖)|[\u4e00-\u9fff·]{2,4}\s?/?\s?(?:摄影|攝影|摄|攝)(?![\u4e00-\u9fff])"
)
# `姚峰 上海报道`: a place before 报道 after a name; `李四报道` alone: the name itself.
_REPORTED_FROM = re.compile(r"(?<=\S)(\s+)\S*(?:报道|報道)|(?:报道|報道)")
_NOT_NAME_PREFIX = re.compile(r"^(?:发自|發自|来自|來自|综合|綜合|整理|据|據)")
_AUTHOR_MARK = re.compile(r"/\s*文|文\s*/|/\s*图|图\s*/")
_AFFILIATION = re.compile(r"(?<=\S)\s*[（(][^（）()]{1,30}[）)]")
_NOT_NAME_SUFFIX = re.compile(
    r"(?:教授|研究员|研究員|主任|书记|書記|院长|院長|局长|局長|部长|部長|主席|委员|委員|专家|專家|博士|学者|學者|律师|律師|"
    r"老师|老師|大学|大學|学院|學院|研究院|研究所|中心|公司|集团|集團|单位|單位|频道|頻道|工作室|栏目组|欄目組)$"
)
_NAME_LABEL = re.compile(
    r"^(?:.*?(?:记者|記者|通讯员|通訊員|实习生|實習生|作者|执笔人|執筆人|执笔|撰文|编译|責編|责编|编辑|編輯|责任编辑))"
)


def _single_cjk(token: str) -> bool:
    return len(token) == 1 and "\u3400" <= token <= "\u9fff"


def split_names(value: str) -> list[str]:
    """Person names in a credit value: separators split, `方 敏` padding merged, non-names dropped
    (affiliations in brackets after a name, job titles, places before 报道, photographers)."""
    value = _AFFILIATION.sub(" ", strip_pinyin(value)).translate(_BRACKETS)
    value = _AUTHOR_MARK.sub(" ", value)
    value = _PHOTO_CREDIT.sub(" ", value)
    value = _REPORTED_FROM.sub(" ", value)
    names: list[str] = []
    for group in re.split(r"[、，,;；/&＆｜|︱丨]+", value):
        tokens = [_strip_name_label(piece) for raw in group.split() for piece in _split_he(raw)]
        names.extend(_merge_single_characters(tokens))
    result: list[str] = []
    for name in names:
        name = name.strip("：:·.。-—|丨｜︱ ")
        if name not in result and _is_name(name):
            result.append(name)
    return result


def _merge_single_characters(tokens: list[str]) -> list[str]:
    """`方 敏` -> `方敏`: runs of single CJK characters are one name padded with spaces."""
    merged: list[str] = []
    run: list[str] = []
    for token in tokens + [""]:
        if _single_cjk(token):
            run.append(token)
            continue
        if run:
            merged.append("".join(run))
            run = []
        if token:
            merged.append(token)
    return merged


def _is_name(name: str) -> bool:
    """Whether a stripped token can be a person's name (not a credit word, title or number)."""
    if not name or name in NOT_NAMES or len(name) < 2 or _NOT_NAME_PREFIX.match(name):
        return False
    if _NOT_NAME_SUFFIX.search(name) or INTERFACE_WORDS.search(name):
        return False
    if re.fullmatch(r"[\u4e00-\u9fff·]+", name) and len(name) > MAX_CJK_NAME:
        return False
    return not re.fullmatch(r"[\d\W_]+", name)


def _split_he(token: str) -> list[str]:
    """Split `张三和李四` on 和 only when both sides are at least two characters."""
    if "和" in token:
        left, _, right = token.partition("和")
        if len(left) >= 2 and len(right) >= 2:
            return [left, *_split_he(right)]
    return [token]


def _strip_name_label(token: str) -> str:
    """`记者陈智` -> `陈智`; `新华社记者` -> ``."""
    return _NAME_LABEL.sub("", token)


def looks_like_person(value: str) -> bool:
    """An unlabelled value that is a person's name: two or three characters, a common surname
    first, nothing of an outlet's name (`尹娟` is a person, `央视` is not)."""
    return (
        bool(PERSON_NAME.fullmatch(value))
        and value[0] in COMMON_SURNAMES
        and not PUBLICATION_HINT.search(value)
    )
