"""Turn a failed request into an HTTP status and one line of English a person can act on."""
from __future__ import annotations

import re

from scrapy import exceptions as scrapy_errors
from scrapy.exceptions import IgnoreRequest
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet import error as net
from twisted.python.failure import Failure
from twisted.web._newclient import ResponseNeverReceived

_NETWORK = {
    scrapy_errors.DownloadConnectionRefusedError: "connection refused",
    scrapy_errors.CannotResolveHostError: "DNS lookup failed: host not found",
    scrapy_errors.DownloadTimeoutError: "download timed out",
    scrapy_errors.ResponseDataLossError: "connection lost before the page was complete",
    scrapy_errors.UnsupportedURLSchemeError: "unsupported URL scheme",
    scrapy_errors.DownloadCancelledError: "download cancelled",
    net.DNSLookupError: "DNS lookup failed: host not found",
    net.ConnectionRefusedError: "connection refused",
    net.TimeoutError: "download timed out",
    net.TCPTimedOutError: "TCP connection timed out",
    net.ConnectionLost: "connection lost before the page was complete",
    net.ConnectError: "could not connect",
}


def describe_failure(failure: Failure) -> tuple[int | None, str]:
    """(HTTP status or None, readable reason) for an errback failure."""
    exc = failure.value
    if isinstance(exc, HttpError):
        response = exc.response
        reason = f"HTTP {response.status}"
        retry_after = response.headers.get(b"Retry-After")
        if retry_after:
            reason += f" (Retry-After: {retry_after.decode('latin-1')[:40]})"
        return response.status, reason
    if over_size_cap(exc):
        return None, f"skipped: larger than the download size cap{_size_detail(str(exc))}"
    if isinstance(exc, scrapy_errors.DownloadFailedError) and ("SSL" in str(exc) or "TLS" in str(exc)):
        return None, f"TLS error: {_ssl_reason(exc)}"
    for kind, text in _NETWORK.items():
        if isinstance(exc, kind):
            detail = one_line(exc)
            # Twisted's own message may say it already ("DNS lookup failed: no results for ..."): once is enough
            return None, detail if detail.lower().startswith(text.split(":")[0].lower()) else f"{text}: {detail}"
    if isinstance(exc, ResponseNeverReceived):
        causes = "; ".join(one_line(r.value) for r in exc.reasons) or "no response"
        if "SSL" in causes or "certificate" in causes or "tls" in causes.lower():
            return None, f"TLS error: {causes}"
        return None, f"no response received: {causes}"
    if isinstance(exc, IgnoreRequest):
        return None, one_line(exc) or "request refused"
    return None, f"{exc.__class__.__name__}: {one_line(exc)}"


# Scrapy's messages: the download handler's (a Content-Length, or the bytes received) and HttpCompressionMiddleware's
_RECEIVED = re.compile(r"(\d+) bytes which is larger than download max size \((\d+)\)")
_DECOMPRESSED = re.compile(r"exceeded DOWNLOAD_MAXSIZE \((\d+) B\)")


def over_size_cap(exc: BaseException) -> bool:
    """Whether a download failed for being larger than DOWNLOAD_MAXSIZE (so the server did answer)."""
    return "max size" in str(exc) or "DOWNLOAD_MAXSIZE" in str(exc)


def _size_detail(message: str) -> str:
    """The cap and the size from Scrapy's message: " of 1,048,576 bytes (1 MB): 3,145,728 bytes"."""
    received = _RECEIVED.search(message)
    if received:
        size, cap = int(received.group(1)), int(received.group(2))
        return f" of {cap:,} bytes ({megabytes(cap)}): {size:,} bytes"
    decompressed = _DECOMPRESSED.search(message)
    if decompressed:
        cap = int(decompressed.group(1))
        return f" of {cap:,} bytes ({megabytes(cap)}) once decompressed"
    return f" ({one_line(message)})"


def megabytes(size: int) -> str:
    """A size in MB (MiB) to one decimal, "5 MB" or "1.5 MB"."""
    return f"{size / 2**20:,.1f}".removesuffix(".0") + " MB"


def _ssl_reason(exc: BaseException) -> str:
    """The library's reason inside an OpenSSL error list, e.g. "wrong version number"."""
    found = re.findall(r"'([^']+)'\)\]", str(exc))
    return found[-1] if found else one_line(exc)


def one_line(exc: object) -> str:
    """An exception message squeezed onto one short line (for logs and the database)."""
    return " ".join(str(exc).split())[:300]
