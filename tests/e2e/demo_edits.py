"""Changes to the demo site made while a test runs: new articles (also listed) and edited articles."""

from __future__ import annotations

import dataclasses
import html

from mirror.build_demo import ARTICLES, HEADERS, HOST, DemoArticle, render_article
from mirror.server import Mirror, Recorded

LIST_HEAD = f"http://{HOST}/GB/67502/index.html"


def new_article(number: int, day: str = "2023-12-31", byline: str = "本报记者  张  华", **changes: object) -> DemoArticle:
    """A made-up article published on `day`; its byline names a reporter unless changed."""
    base = DemoArticle(
        path=f"/n1/{day[:4]}/{day[5:7]}{day[8:]}/c67502-{40150000 + number}.html",
        title=f"各地工会开展新春送温暖走访慰问第{number}批",
        published=f"{day} 09:{number % 60:02d}",
        source="工人日报",
        source_url="https://www.workercn.cn/",
        editors=["刘琼"],
        authors=["张华"],
        byline=byline,
        body=[
            f"第{number}批走访慰问活动近日展开，各级工会干部深入企业车间和职工家庭。",
            "慰问组为困难职工送去慰问金和生活用品，详细了解他们的生产生活情况。",
        ],
    )
    return dataclasses.replace(base, **changes)  # type: ignore[arg-type]


def publish(mirror: Mirror, article: DemoArticle) -> None:
    mirror.add(Recorded(article.url, 200, dict(HEADERS), render_article(article).encode("gb18030")))


def list_on_head(mirror: Mirror, articles: list[DemoArticle]) -> None:
    """Put `articles` at the top of the first list page (newest first), as the portal would."""
    head = mirror.get(LIST_HEAD)
    assert head is not None
    page = head.body.decode("gb18030")
    items = "".join(
        f'<li><a href="{a.path}" target="_blank">{html.escape(a.title)}</a><em>{a.published[:10]}</em></li>\n'
        for a in articles
    )
    at = page.index("<li>")
    mirror.add(Recorded(head.url, head.status, dict(head.headers), (page[:at] + items + page[at:]).encode("gb18030")))


def add_articles(mirror: Mirror, articles: list[DemoArticle]) -> None:
    for article in articles:
        publish(mirror, article)
    list_on_head(mirror, sorted(articles, key=lambda a: a.published, reverse=True))


def edit(mirror: Mirror, index: int, paragraph: str) -> DemoArticle:
    """Rewrite the second paragraph of demo article ARTICLES[index]; return the edited article."""
    body = list(ARTICLES[index].body)
    body[1] = paragraph
    edited = dataclasses.replace(ARTICLES[index], body=body)
    publish(mirror, edited)
    return edited
