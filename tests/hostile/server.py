"""A hostile news site on 127.0.0.1 for the reliability suite (issue 13).

Every page is made here, by the team (no recorded third-party page). The index links every
attack; `EXPECTED` says what the archive must hold for each URL afterwards: an article
(`stored`), or a failure at a stage. Good articles sit behind the hostile pages, so a page
whose handling breaks loses them visibly.
"""

from __future__ import annotations

import gzip
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

STORY = (
    "全国总工会今天召开会议，部署职工技能大赛和冬季送温暖活动，要求各级工会组织切实关心困难职工生活，"
    "把党和政府的温暖送到职工心坎上。会议指出，要加强新就业形态劳动者权益保障，推动建设更多服务站点。"
)


def article(title: str, day: str, extra: str = "", body: str = STORY, charset: str = "utf-8") -> str:
    """An article page in a plain city-federation CMS template."""
    return (
        f"<!DOCTYPE html><html><head><meta charset=\"{charset}\"><title>{title}_职工之家</title></head><body>"
        f"<div class=\"nav\"><a href=\"/\">首页</a></div>"
        f"<h1>{title}</h1><div class=\"info\">来源：工人日报 作者：王强 发布时间：{day} 09:30</div>"
        f"{extra}<div class=\"content\"><p>{body}</p><p>{body}</p></div>"
        f"<div class=\"editor\">责任编辑：李明</div></body></html>"
    )


@dataclass(frozen=True, slots=True)
class Reply:
    status: int = 200
    headers: tuple[tuple[str, str], ...] = (("Content-Type", "text/html; charset=utf-8"),)
    body: bytes = b""
    stream: Callable[[], Iterator[bytes]] | None = None
    """A body sent in chunks (large pages), instead of `body`."""
    declared_length: int | None = None
    """A Content-Length other than the body's (a short read)."""


def html(text: str, charset: str = "utf-8", status: int = 200) -> Reply:
    return Reply(status, (("Content-Type", f"text/html; charset={charset}"),), text.encode(charset, "replace"))


def redirect(location: str, status: int = 302) -> Reply:
    return Reply(status, (("Location", location), ("Content-Type", "text/html")), b"")


def _bomb() -> bytes:
    """1 GB of zeros, gzip-compressed to about 1 MB."""
    chunk = b"\0" * (1 << 20)
    out = gzip.compress(chunk, 9)
    # Concatenated gzip members inflate to one stream: 1024 of them are 1 GB.
    return out * 1024


def _huge_page() -> Iterator[bytes]:
    """A 60 MB page: an article whose body is one paragraph repeated."""
    yield article("超大页面的文章", "2024-05-10", body="").encode()[:-len(b"</body></html>")]
    paragraph = f"<p>{STORY}</p>".encode()
    for _ in range(60 * (1 << 20) // len(paragraph)):
        yield paragraph
    yield b"</body></html>"


def site(port: int) -> dict[str, Reply]:
    """The pages by path. Links are relative except where the attack is the link itself."""
    pages: dict[str, Reply] = {}
    good = {f"/news/2024/0510/{n}.html": f"好文章第{n}篇：职工技能大赛开幕" for n in range(1, 4)}
    for path, title in good.items():
        pages[path] = html(article(title, "2024-05-10"))
    links = "".join(f'<li><a href="{path}">{path}</a></li>' for path in ATTACKS)
    pages["/"] = html(f"<html><head><meta charset=utf-8><title>职工之家</title></head><body><ul>{links}</ul></body></html>")
    pages["/bad-links/index.html"] = html(
        '<html><head><meta charset=utf-8></head><body>'
        '<a href="http://[invalid">坏链接</a><a href="http://127.0.0.1：8080/x.html">全角冒号</a>'
        '<a href="/news/2024/0510/1.html">好文章</a></body></html>'
    )
    pages["/news/2024/0511/meta-title.html"] = html(
        '<html><head><meta charset=utf-8><meta name="ArticleTitle" content="只有元数据标题的文章">'
        '<meta name="PubDate" content="2024-05-11 10:00"></head><body>'
        f'<div class="content"><p>{STORY}</p><p>{STORY}</p></div>'
        '<a href="/news/2024/0510/2.html">下一篇</a></body></html>'
    )
    deep = "<div>" * 3000 + f"<p>{STORY}</p>" + "</div>" * 3000
    pages["/news/2024/0512/deep.html"] = html(article("嵌套很深的文章", "2024-05-12", extra=deep))
    pages["/news/2024/0513/huge-attr.html"] = html(
        article("属性超长的文章", "2024-05-13", extra=f'<div data-x="{"x" * (16 << 20)}"></div>')
    )
    pages["/news/2024/0514/control.html"] = html(
        article("控制字符的文章", "2024-05-14", extra="<script>var a = 1;</script>\x01\x02\x0b<p>\x1f</p>")
    )
    big5 = (
        "<html><head><meta charset=big5><title>工會會議召開</title></head><body><h1>工會會議召開</h1>"
        "<div class=info>來源：工人日報 發佈時間：2024-05-15 09:30</div><div class=content>"
        + "<p>中華全國總工會召開會議，部署職工技能大賽和冬季送溫暖活動，要求各級工會組織關心困難職工生活。</p>" * 3
        + "</div></body></html>"
    ).encode("big5")
    cut = big5.index("部署".encode("big5"))
    pages["/news/2024/0515/big5.html"] = Reply(
        headers=(("Content-Type", "text/html; charset=big5"),), body=big5[:cut] + b"\x81\x40" + big5[cut:]
    )
    pages["/news/2024/0516/random.html"] = Reply(
        headers=(("Content-Type", "text/html; charset=gb2312"),), body=bytes((n * 7919 + 13) % 256 for n in range(20_000))
    )
    short = article("内容被截断的文章", "2024-05-17").encode()
    pages["/news/2024/0517/short.html"] = Reply(body=short[: len(short) // 2], declared_length=len(short))
    pages["/news/2024/0518/loop.html"] = redirect("/news/2024/0518/loop2.html")
    pages["/news/2024/0518/loop2.html"] = redirect("/news/2024/0518/loop.html")
    pages["/news/2024/0519/offsite.html"] = redirect("http://offsite.invalid/news/2024/0519/1.html")
    pages["/news/2024/0519/file.html"] = redirect("file:///etc/passwd")
    pages["/news/2024/0519/ftp.html"] = redirect("ftp://127.0.0.1/news.html")
    pages["/news/2024/0520/bomb.html"] = Reply(
        headers=(("Content-Type", "text/html; charset=utf-8"), ("Content-Encoding", "gzip")), body=_bomb()
    )
    pages["/news/2024/0521/huge.html"] = Reply(stream=_huge_page)
    pages["/news/2024/0522/missing.html"] = html("<h1>404</h1>", status=404)
    return pages


ATTACKS = (
    "/bad-links/index.html",
    "/news/2024/0511/meta-title.html",
    "/news/2024/0512/deep.html",
    "/news/2024/0513/huge-attr.html",
    "/news/2024/0514/control.html",
    "/news/2024/0515/big5.html",
    "/news/2024/0516/random.html",
    "/news/2024/0517/short.html",
    "/news/2024/0518/loop.html",
    "/news/2024/0519/offsite.html",
    "/news/2024/0519/file.html",
    "/news/2024/0519/ftp.html",
    "/news/2024/0520/bomb.html",
    "/news/2024/0521/huge.html",
    "/news/2024/0522/missing.html",
    "/news/2024/0510/3.html",
)


class _Handler(BaseHTTPRequestHandler):
    pages: dict[str, Reply] = {}

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        reply = self.pages.get(self.path.split("?")[0]) or html("<h1>not here</h1>", status=404)
        self.send_response(reply.status)
        for name, value in reply.headers:
            self.send_header(name, value)
        if reply.stream is None:
            self.send_header("Content-Length", str(reply.declared_length or len(reply.body)))
        self.end_headers()
        try:
            if reply.stream is not None:
                for chunk in reply.stream():
                    self.wfile.write(chunk)
            else:
                self.wfile.write(reply.body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the crawler hung up (a size cap): that is the point
        self.close_connection = True

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - http.server's signature
        pass


@contextmanager
def hostile_site() -> Iterator[str]:
    """Serve the hostile site on 127.0.0.1 (a free port); yields its root URL."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), type("Handler", (_Handler,), {}))
    server.daemon_threads = True
    port = server.server_address[1]
    server.RequestHandlerClass.pages = site(port)  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{port}/"
    finally:
        server.shutdown()
        server.server_close()
