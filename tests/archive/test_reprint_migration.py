"""Migration 0016 (PostgreSQL's reprint index: a GIN of band-key buckets on reprint_links) on
both backends: an archive linked under 0014 is upgraded, keeps its links, and links new copies
to the articles linked before; the downgrade gives PostgreSQL its band rows back."""

from __future__ import annotations

from alembic import command
from archive_samples import add
from sqlalchemy import Connection, text

from archive.api import Archive
from archive.db import get_engine
from archive.reprint_index import bucket, unpack
from archive.schema import alembic_config
from core.article import Article, Published

STORY = [
    "记者从全国总工会获悉，今年以来各级工会持续推进新就业形态劳动者入会工作，入会人数已突破一千万。",
    "各地工会通过小蜜蜂驿站、线上入会平台和集中入会活动，把货车司机、快递员、外卖送餐员等群体吸纳进工会组织。",
    "全国总工会有关负责人表示，下一步将推动入会与服务同步，让新会员切实感受到工会的温暖。",
]
OTHER = ["长春市总工会主办的职工冰雪运动会近日开幕，全市二千余名职工将参加速度滑冰、雪地拔河等十余个项目的比赛，赛期持续一周。"]


def _article(n: int, site: str, body: list[str], day: int) -> Article:
    return Article(
        url=f"http://{site}.example/{n}.html", site=site, title=f"标题{n}", body=body,
        published_at=Published.beijing(2023, 12, day, 9, 0),
    )


def _packed(connection: Connection) -> set[tuple[int, int]]:
    """(band key, article) of every linked article, from its packed keys."""
    rows = connection.execute(text("SELECT article_id, bands FROM reprint_links"))
    return {(key, article_id) for article_id, blob in rows for key in unpack(bytes(blob))}


def _band_rows(connection: Connection) -> set[tuple[int, int]]:
    return {tuple(row) for row in connection.execute(text("SELECT key, article_id FROM reprint_bands"))}  # type: ignore[misc]


def test_upgrade_from_0014_moves_postgresql_to_buckets_and_keeps_the_links(db_url: str) -> None:
    postgresql = db_url.startswith("postgresql")
    add(db_url, _article(1, "workercn", STORY, 26), _article(2, "jilin", OTHER, 25))
    engine = get_engine(db_url)
    with engine.connect() as connection:
        keys = _packed(connection)
        assert len(keys) == 20
        command.downgrade(alembic_config(connection), "0014")
        connection.commit()
        assert _band_rows(connection) == keys  # PostgreSQL's rows are made again from the packed keys
        command.upgrade(alembic_config(connection), "head")
        connection.commit()
        assert _band_rows(connection) == (set() if postgresql else keys)
        assert _packed(connection) == keys
        indexes = "SELECT indexname FROM pg_indexes WHERE tablename = 'reprint_links' ORDER BY 1"
        if postgresql:
            assert connection.execute(text(indexes)).scalars().all() == [
                "ix_reprint_links_buckets", "ix_reprint_links_cluster", "reprint_links_pkey"
            ]
            computed = connection.execute(text("SELECT article_id, reprint_buckets(bands) FROM reprint_links"))
            assert {(article_id, b) for article_id, found in computed for b in found} == {
                (article_id, bucket(key)) for key, article_id in keys
            }
    add(db_url, _article(3, "people_acftu", [*STORY[:2], "（来源：中工网）"], 27))
    found = Archive(db_url).copies(3)
    assert found is not None
    assert [(c["id"], c["original"]) for c in found["copies"]] == [(1, True)]
    assert Archive(db_url).copies(2) is None
