"""The toolkit shared by site parsers; everything is pure and table-driven.

    text           whitespace collapse, link marks, pinyin glosses
    dom            HTML loading, visible text, first match, `<meta>` content
    textblocks     a container cut into paragraphs (`Block`)
    urls           absolute links, clean URLs, host
    dates          datelines in text (`Published` at the precision shown)
    credit_tables  data: credit labels, words that are not names, generic 来源 values
    names          person names in a credit value
    sources        the 来源 value, cleaned
    credit_line    labelled credit lines -> `Credits`
    story_credits  credits inside story paragraphs (lead dateline, trailing parenthetical)

Site parsers import the names below from `core.sites.common`.
"""

from __future__ import annotations

from core.sites.common.credit_line import Credits, has_credit_label, is_label_only, parse_credit_line
from core.sites.common.credit_tables import COLON, CREDIT_LABELS, GENERIC_SOURCES, NOT_NAMES, SEPARATORS
from core.sites.common.dates import DATE_PATTERNS, find_dates, parse_date
from core.sites.common.dom import drop, first, first_text, load_html, meta_content, text_of
from core.sites.common.names import MAX_CJK_NAME, NAME_SEPARATORS, split_names
from core.sites.common.sources import clean_source
from core.sites.common.story_credits import (
    LEAD_DATELINE,
    TRAILING_CREDIT,
    credit_names,
    lead_credit,
    trailing_credit,
)
from core.sites.common.text import LINK_CLOSE, LINK_OPEN, collapse, collapse_marked, strip_pinyin, unmark
from core.sites.common.textblocks import BLOCK_TAGS, SKIPPED_TAGS, Block, blocks
from core.sites.common.urls import absolute, clean_url, host_of

__all__ = [
    "BLOCK_TAGS",
    "COLON",
    "CREDIT_LABELS",
    "DATE_PATTERNS",
    "GENERIC_SOURCES",
    "LEAD_DATELINE",
    "LINK_CLOSE",
    "LINK_OPEN",
    "MAX_CJK_NAME",
    "NAME_SEPARATORS",
    "NOT_NAMES",
    "SEPARATORS",
    "SKIPPED_TAGS",
    "TRAILING_CREDIT",
    "Block",
    "Credits",
    "absolute",
    "blocks",
    "clean_source",
    "clean_url",
    "collapse",
    "collapse_marked",
    "credit_names",
    "drop",
    "find_dates",
    "first",
    "first_text",
    "has_credit_label",
    "host_of",
    "is_label_only",
    "lead_credit",
    "load_html",
    "meta_content",
    "parse_credit_line",
    "parse_date",
    "split_names",
    "strip_pinyin",
    "text_of",
    "trailing_credit",
    "unmark",
]
