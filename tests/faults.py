"""Fault-injecting routes for the fixture server: every way a news site can misbehave."""
from __future__ import annotations

import gzip
import time
from http.server import BaseHTTPRequestHandler

from tests.site import FixtureSite, Page


def hang(seconds: float) -> Page:
    """Accepts the request and never answers (until `seconds` pass)."""
    return Page(handler=lambda h: time.sleep(seconds))


def trickle(total_bytes: int = 4000, delay: float = 1.0) -> Page:
    """Answers 200 and sends one byte per `delay` seconds."""
    def handler(h: BaseHTTPRequestHandler) -> None:
        h.send_response(200)
        h.send_header("Content-Type", "text/html")
        h.send_header("Content-Length", str(total_bytes))
        h.end_headers()
        try:
            for _ in range(total_bytes):
                h.wfile.write(b"x")
                h.wfile.flush()
                time.sleep(delay)
        except OSError:
            pass
    return Page(handler=handler)


def retry_after(page: bytes, seconds: int, site: FixtureSite, path: str) -> Page:
    """429 with Retry-After the first time, the page afterwards; records when each hit came."""
    site.hit_times.setdefault(path, [])  # type: ignore[attr-defined]

    def handler(h: BaseHTTPRequestHandler) -> None:
        times = site.hit_times[path]  # type: ignore[attr-defined]
        times.append(time.monotonic())
        if len(times) == 1:
            Page(b"slow down", 429, {"Retry-After": str(seconds), "Content-Type": "text/plain"}).send(h)
        else:
            Page(page).send(h)
    return Page(handler=handler)


def redirect(location: str, status: int = 302) -> Page:
    return Page(status=status, headers={"Location": location, "Content-Type": "text/html"})


def big_page(size: int) -> Page:
    """A 200 page of `size` bytes of HTML."""
    filler = b"<p>" + b"padding " * 120 + b"</p>\n"
    body = b"<html><body>" + filler * (size // len(filler) + 1) + b"</body></html>"
    return Page(body[:size])


def gzip_bomb(decompressed: int) -> Page:
    """A small gzip body that inflates to `decompressed` bytes."""
    body = gzip.compress(b"<html><body>" + b" " * decompressed, compresslevel=9)
    return Page(body, headers={"Content-Type": "text/html", "Content-Encoding": "gzip"})


def nested(depth: int) -> Page:
    body = ("<html><body>" + "<div>" * depth + "<p>Deep text of a page built by a broken CMS, "
            "repeated to look like content. " * 5 + "</p>" + "</div>" * depth + "</body></html>")
    return Page(body.encode())
