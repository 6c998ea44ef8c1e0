"""A local mirror: serves recorded responses (bytes and headers exactly) by original URL on 127.0.0.1.

A response is a folder holding `response.json` (`url`, `status`, `headers`, `reconstructed`) and
`body` (the raw bytes; or `body_file`, a path relative to the folder, for pages read in place
such as `../shared/corpus`). The server works as an HTTP proxy (absolute request URIs, what
Scrapy sends with `meta["proxy"]`) and as a plain server keyed on the Host header. The scheme is
ignored, so `https://` portals are reached over plain HTTP (see `scraper.mirror`).

It honours `If-None-Match` / `If-Modified-Since` with 304s, answers unknown URLs with 404, and
keeps a log of requests at `/__mirror__/log` (JSON) for tests that count requests.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import threading
from dataclasses import dataclass
from email.utils import formatdate, parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

ADMIN_PREFIX = "/__mirror__/"


@dataclass(slots=True)
class Recorded:
    url: str
    status: int
    headers: dict[str, str]
    body: bytes


def url_key(url: str) -> str:
    """Scheme-less lookup key: host (lower case, no default port) + path + query."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if parts.port and parts.port not in (80, 443):
        host = f"{host}:{parts.port}"
    path = parts.path or "/"
    return host + path + (f"?{parts.query}" if parts.query else "")


def load_entry(folder: Path) -> Recorded:
    meta = json.loads((folder / "response.json").read_text(encoding="utf-8"))
    body_path = folder / meta["body_file"] if "body_file" in meta else folder / "body"
    body = body_path.read_bytes() if body_path.exists() else b""
    return Recorded(meta["url"], int(meta.get("status", 200)), dict(meta.get("headers", {})), body)


class Mirror:
    """The recorded responses, from one or more root folders (later roots override earlier ones)."""

    def __init__(self, *roots: Path) -> None:
        self._entries: dict[str, Recorded] = {}
        self._lock = threading.Lock()
        self.log: list[dict[str, str]] = []
        for root in roots:
            self.add_root(root)

    def add_root(self, root: Path) -> None:
        for meta in sorted(Path(root).rglob("response.json")):
            self.add(load_entry(meta.parent))

    def add(self, recorded: Recorded) -> None:
        with self._lock:
            self._entries[url_key(recorded.url)] = recorded

    def remove(self, url: str) -> None:
        with self._lock:
            self._entries.pop(url_key(url), None)

    def get(self, url: str) -> Recorded | None:
        with self._lock:
            return self._entries.get(url_key(url))

    def urls(self) -> list[str]:
        with self._lock:
            return [r.url for r in self._entries.values()]


def _etag(body: bytes) -> str:
    return '"' + hashlib.sha1(body).hexdigest()[:16] + '"'


class _Handler(BaseHTTPRequestHandler):
    mirror: Mirror
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib signature
        return

    def _original_url(self) -> str:
        if self.path.startswith(("http://", "https://")):
            return self.path
        return f"http://{self.headers.get('Host', '')}{self.path}"

    def do_HEAD(self) -> None:
        self._serve(head=True)

    def do_GET(self) -> None:
        self._serve(head=False)

    def _send(self, status: int, headers: dict[str, str], body: bytes, head: bool) -> None:
        self.send_response(status)
        skip = {"content-length", "transfer-encoding", "connection"}
        for name, value in headers.items():
            if name.lower() not in skip:
                self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if not head and status not in (204, 304):
            self.wfile.write(body)

    def _serve(self, head: bool) -> None:
        url = self._original_url()
        if urlsplit(url).path.startswith(ADMIN_PREFIX):
            self._admin(url, head)
            return
        self.mirror.log.append({"method": self.command, "url": url})
        recorded = self.mirror.get(url)
        if recorded is None:
            self._send(404, {"Content-Type": "text/plain"}, b"not in mirror\n", head)
            return
        headers = dict(recorded.headers)
        if recorded.status == 200:
            headers.setdefault("ETag", _etag(recorded.body))
            headers.setdefault("Last-Modified", formatdate(0, usegmt=True))
            if self._not_modified(headers):
                self._send(304, {"ETag": headers["ETag"]}, b"", head)
                return
        self._send(recorded.status, headers, recorded.body, head)

    def _not_modified(self, headers: dict[str, str]) -> bool:
        if_none_match = self.headers.get("If-None-Match")
        if if_none_match is not None:
            return headers["ETag"] in [tag.strip() for tag in if_none_match.split(",")]
        since = self.headers.get("If-Modified-Since")
        if since:
            try:
                return parsedate_to_datetime(headers["Last-Modified"]) <= parsedate_to_datetime(since)
            except (TypeError, ValueError):
                return False
        return False

    def _admin(self, url: str, head: bool) -> None:
        action = urlsplit(url).path[len(ADMIN_PREFIX):]
        if action == "log":
            payload = json.dumps(self.mirror.log, ensure_ascii=False).encode("utf-8")
        elif action == "clear-log":
            self.mirror.log.clear()
            payload = b"[]"
        elif action == "urls":
            payload = json.dumps(sorted(self.mirror.urls()), ensure_ascii=False).encode("utf-8")
        else:
            self._send(404, {"Content-Type": "text/plain"}, b"unknown admin action\n", head)
            return
        self._send(200, {"Content-Type": "application/json"}, payload, head)


class MirrorServer:
    """`with MirrorServer(Mirror(root)) as server: server.url` — a threaded server on 127.0.0.1."""

    def __init__(self, mirror: Mirror, port: int = 0) -> None:
        handler = type("Handler", (_Handler,), {"mirror": mirror})
        self.mirror = mirror
        self.httpd = ThreadingHTTPServer(("127.0.0.1", port), handler)
        self.httpd.daemon_threads = True
        self._thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> MirrorServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def __enter__(self) -> MirrorServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


DEMO_ROOT = Path(__file__).parent / "pages"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Serve recorded responses on 127.0.0.1.")
    parser.add_argument("roots", nargs="*", type=Path, default=[DEMO_ROOT])
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--port-file", type=Path, help="write the chosen port here once listening")
    args = parser.parse_args(argv)
    server = MirrorServer(Mirror(*args.roots), args.port)
    if args.port_file:
        args.port_file.write_text(str(server.httpd.server_address[1]))
    print(f"mirror serving {len(server.mirror.urls())} responses at {server.url}", flush=True)
    try:
        server.httpd.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.httpd.server_close()


if __name__ == "__main__":
    main()
