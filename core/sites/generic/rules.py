"""Data: the generic extractor's rule tables (LABELS.md), apart from the algorithms that apply them.

Patterns that recognise kinds of lines, the weights of headline evidence, the size limits of the
story and its surroundings, and where a saved page writes its own URL.
"""

from __future__ import annotations

import re

# --- Headline ---------------------------------------------------------------------------------

TITLE_HINT = re.compile(r"title|biaoti|headline|heading|\bbt\b|tit\d|_tit|tit_|^tit$|hd_?tit", re.I)
PRETITLE_HINT = re.compile(r"pre|yinti|intro|kicker|\byt\b|shoulder", re.I)
SUBTITLE_HINT = re.compile(r"sub|fbt|futi|fu_?title|second", re.I)
# Evidence that a line is the displayed headline, and what each piece is worth.
TITLE_WEIGHTS = {
    "repeated_in_title_tag": 10.0,  # the line is (part of) <title>/og:title/JSON-LD headline
    "contains_title_tag": 8.0,  # the line contains the <title> text
    "h1": 6.0,
    "h2_h3": 3.0,
    "title_class": 4.0,  # class/id says title
    "dateline_below": 5.0,  # a dateline within the next lines
    "bold": 2.0,
    "ends_like_sentence": -6.0,
}
TITLE_THRESHOLD = 6.0

# --- Story and the lines that are not story -----------------------------------------------------

SENTENCE_END = '。！？!?…”」』".'
PUNCTUATION = re.compile(r"[，。！？；：、“”,.!?;:]")
# Lines that never belong to the story wherever they sit.
NOISE_LINE = re.compile(
    r"^(?:原标题|原題|返回搜狐|查看更多|本文地址|分享到|打印|关闭窗口|【?纠错】?|扫一扫|责任编辑[:：]?\s*$|"
    r"(?:点击|點擊)(?:进入|進入|查看)|上一篇|下一篇|相关(?:新闻|阅读|链接)|热点推荐|延伸阅读|第\s*\d+\s*页\s*/\s*共)"
)
PRINT_EDITION = re.compile(r"^[（(]?《[^》]{1,20}》\s*[（(]?\s*\d{4}\s*年.{0,30}版\s*[）)]?\s*[）)]?$")
MATERIAL_CREDIT = re.compile(
    r"^[（(【\[]?\s*(?:资料来源|資料來源|图片来源|圖片來源|素材来源|数据来源|(?:文中)?图片(?:由|来自))"
)
CAPTION = re.compile(
    r"(?:摄影?|攝影?|供图|供圖|图片来源|资料图|資料圖|图为|圖為|视觉中国|IC photo|Getty)\s*[)）]?\s*$|^[（(]?(?:图|圖|资料图|資料圖|图片|圖片)[为為:：]"
)
DATELINE_ONLY = re.compile(r"^[\s\d年月日号:：\-/.（）()星期周一二三四五六日天]*$")
XINHUA_TITLE_LINE = re.compile(r"^(?:据)?(?:新华社|新華社)\S{0,12}电\s*题[:：]")
SUMMARY_BOX = re.compile(r"^[【\[]?\s*(?:摘要|导语|導語|内容提要|內容提要|核心提示|提要)\s*[】\]]?\s*[:：]?")
EDITOR_NOTE = re.compile(r"^[【\[（(]?\s*(?:编者按|編者按|编者的话|前言|导语|導語|引言|摘要)")
# A site's legal footer (copyright, licence and registration numbers): never story text.
LEGAL_NOTICE = re.compile(
    r"版权所有|版權所有|ICP\s*[备證证]|公网安备|公網安備|Copyright|©|未经.{0,8}(?:授权|许可|同意).{0,12}(?:转载|复制|使用)"
    r"|信息服务许可证|許可證編號|许可证编号",
    re.I,
)
ABOVE_REACH = 6  # lines above the headline searched for an info bar put first
LEAD_REACH = 3  # paragraphs before the story's container that may still open it
SIGNATURE_LINE_MAX = 30
MIN_STORY_CHARS = 20
STORY_GAP = 3  # non-story lines tolerated inside the story (subheads, captions)
TAIL_WINDOW = 40  # lines after the story searched for 责任编辑 credits
TAIL_CLOSE = 12  # of those, the lines close enough to credit the story's 来源 and authors

# --- Credits ------------------------------------------------------------------------------------

# PUBLICATION_HINT, PERSON_NAME and COMMON_SURNAMES live in core.sites.common.credit_tables.
BYLINE_SLOT = (
    ".//*[contains(@class,'author') or contains(@id,'author') or contains(@class,'byline')"
    " or contains(@class,'writer') or contains(@class,'zuozhe') or contains(@class,'reporter')]"
)
BYLINE_SLOT_HINT = re.compile(r"author|byline|writer|zuozhe|reporter", re.I)
BARE_NAME = re.compile(r"[\u4e00-\u9fff·]{2,6}")
ENGLISH_BYLINE = re.compile(
    r"^By\s+([A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*)*(?:\s*(?:,|and|&)\s*[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*)*)*)"
)

# --- Dates --------------------------------------------------------------------------------------

# A date as an info bar shows it; a short line with one is a dateline.
SLOT_DATE = re.compile(
    r"\d{4}\s*[年\-/.]\s*\d{1,2}\s*[月\-/.]\s*\d{1,2}\s*日?(?:\s*\d{1,2}[:：]\d{2}(?::\d{2})?)?"
)
PUBLISH_LABEL = re.compile(r"(?:发布|發布|发稿|發稿|发表|發表|出版|刊发)(?:时间|時間|日期)\s*[:：]?\s*$")
# Dates that are not the publication: a document's signing date, an update, a deadline.
OTHER_DATE_LABEL = re.compile(
    r"(?:成文|更新|修改|截止|生效|印发|印發|失效|有效期|截至|报名|活动)(?:日期|时间|時間|至)?\s*[:：]?\s*$"
)
PUBLISHED_META = (
    "article:published_time",
    "pubdate",
    "publishdate",
    "publish_date",
    "og:release_date",
    "datePublished",
)

# --- URLs and breadcrumbs -----------------------------------------------------------------------

JSONLD_SCRIPT = re.compile(r"<script[^>]+application/ld\+json[^>]*>(.*?)</script>", re.I | re.S)
# Where a saved page writes its own URL: (needle that must occur, pattern, how far into the file it
# can be); the needle is a cheap pre-check.
SAVED_FROM = (
    ("<!--", re.compile(r"^\s*<!--\s*(https?://[^\s>]+?)\s*-->"), 4_000),
    ("saved from", re.compile(r"saved from url=\(\d+\)(https?://[^\s>]+)", re.I), 4_000),
    ("<text", re.compile(r"""<text\s+id=["'](https?://[^"']+)["']""", re.I), 4_000),
    ("<url>", re.compile(r"<url>\s*(?:<!\[CDATA\[)?\s*(https?://[^<\]\s]+)", re.I), None),
    ("url", re.compile(r"""\barticle_?url\s*[:=]\s*["'](https?://[^"']+)["']""", re.I), None),
    (
        "文",
        re.compile(
            r"""(?:本文地址|本文链接|原文地址|原文链接)\s*[:：]\s*(?:<a[^>]*>)?\s*(https?://[^\s<"']+)"""
        ),
        None,
    ),
)
# A share widget's link carries the page's own URL: bshare_view?…&url=http%3A%2F%2F…
SHARE_LINK = re.compile(
    r"""(?:share|jiathis|addthis)[^"'\s<>]*?[?&](?:amp;)?(?:url|u)=(https?(?:%3A|:)[^&"'\s<>]+)""", re.I
)
CRUMB_HINT = re.compile(
    r"crumb|navpath|position|location|\bpath\d?\b|where|dqwz|curpos|nav_?path|\broute\b|mbx", re.I
)
CRUMB_PREFIX = re.compile(r"^(?:当前位置|您的位置|你的位置|所在位置|當前位置|您現在的位置|您现在的位置)")
