"""Search forms: a run of Latin letters or digits no longer swallows the Chinese after it.

`2024年全国职工技能大赛` and `第3届工会大会` were indexed as one token each from the digit on,
so `职工` or `工会` did not find them. The tokenizer now ends a Latin/digit word where Chinese
begins (`archive.searchkey`); every article's search_title / search_text is recomputed here, in
batches. On SQLite the FTS5 update trigger is set aside meanwhile and the index rebuilt once at
the end; on PostgreSQL `article_search` follows through its update trigger.

The forms are computed by `article_forms` as it was at this revision (copied below with the
tokenizer it calls), so that replaying the migration gives the same data whatever the live code
does.

Downgrade leaves the forms as they are: the earlier tokenizer is gone from the code, and the new
forms only index more.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-26
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import opencc
import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

BATCH = 2000
FTS_UPDATE_TRIGGER = """CREATE TRIGGER articles_fts_update
    AFTER UPDATE OF search_title, search_text ON articles BEGIN
    INSERT INTO articles_fts(articles_fts, rowid, search_title, search_text)
    VALUES ('delete', old.id, old.search_title, old.search_text);
    INSERT INTO articles_fts(rowid, search_title, search_text)
    VALUES (new.id, new.search_title, new.search_text);
END"""

# The search forms as `archive.searchkey` made them at this revision.
_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f\u3040-\u30ff"
_TOKEN = re.compile(rf"([{_CJK}]+)|([^\W_{_CJK}]+)", re.UNICODE)
_PAIRS = re.compile(r"(?=(..))", re.DOTALL)


@lru_cache(maxsize=1)
def _t2s() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def _fold(text: str) -> str:
    """NFKC, simplified script, lower case."""
    if not text:
        return ""
    if not unicodedata.is_normalized("NFKC", text):
        text = unicodedata.normalize("NFKC", text)
    return _t2s().convert(text).lower()


def _index_form(text: str) -> str:
    """CJK pairs and Latin/digit words in order, then the last character of each CJK run (and
    each 1-character run), joined by spaces."""
    ordered: list[str] = []
    singles: list[str] = []
    for cjk, word in _TOKEN.findall(_fold(text)):
        if word:
            ordered.append(word)
        elif len(cjk) == 1:
            singles.append(cjk)
        else:
            ordered += _PAIRS.findall(cjk)
            singles.append(cjk[-1])
    return " ".join(ordered + singles)


def article_forms(
    pretitle: str | None, title: str | None, subtitle: str | None, body: list[str]
) -> tuple[str, str]:
    """(search_title, search_text) of an article: its headings, and its paragraphs."""
    heading = " ".join(t for t in (pretitle, title, subtitle) if t)
    return _index_form(heading), _index_form("\n".join(body))


def _recompute() -> None:
    articles = sa.table(
        "articles",
        sa.column("id", sa.Integer()),
        sa.column("pretitle", sa.Text()),
        sa.column("title", sa.Text()),
        sa.column("subtitle", sa.Text()),
        sa.column("body", sa.JSON()),
        sa.column("search_title", sa.Text()),
        sa.column("search_text", sa.Text()),
    )
    bind = op.get_bind()
    update = (
        articles.update()
        .where(articles.c.id == sa.bindparam("row_id"))
        .values(search_title=sa.bindparam("new_title"), search_text=sa.bindparam("new_text"))
    )
    last = 0
    while True:
        rows = bind.execute(
            sa.select(
                articles.c.id,
                articles.c.pretitle,
                articles.c.title,
                articles.c.subtitle,
                articles.c.body,
                articles.c.search_title,
                articles.c.search_text,
            )
            .where(articles.c.id > last)
            .order_by(articles.c.id)
            .limit(BATCH)
        ).all()
        if not rows:
            return
        changed = []
        for row in rows:
            title, text = article_forms(row.pretitle, row.title, row.subtitle, row.body or [])
            if (title, text) != (row.search_title, row.search_text):
                changed.append({"row_id": row.id, "new_title": title, "new_text": text})
        if changed:
            bind.execute(update, changed)
        last = rows[-1].id


def upgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    if sqlite:
        op.execute("DROP TRIGGER IF EXISTS articles_fts_update")
    _recompute()
    if sqlite:
        op.execute("INSERT INTO articles_fts(articles_fts) VALUES ('rebuild')")
        op.execute(FTS_UPDATE_TRIGGER)


def downgrade() -> None:
    pass
