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
    if "max size" in str(exc) or "DOWNLOAD_MAXSIZE" in str(exc):
        return None, f"skipped: larger than the download size cap ({_size_detail(str(exc))})"
    if isinstance(exc, scrapy_errors.DownloadFailedError) and ("SSL" in str(exc) or "TLS" in str(exc)):
        return None, f"TLS error: {_ssl_reason(exc)}"
    for kind, text in _NETWORK.items():
        if isinstance(exc, kind):
            return None, f"{text}: {one_line(exc)}"
    if isinstance(exc, ResponseNeverReceived):
        causes = "; ".join(one_line(r.value) for r in exc.reasons) or "no response"
        if "SSL" in causes or "certificate" in causes or "tls" in causes.lower():
            return None, f"TLS error: {causes}"
        return None, f"no response received: {causes}"
    if isinstance(exc, IgnoreRequest):
        return None, one_line(exc) or "request refused"
    return None, f"{exc.__class__.__name__}: {one_line(exc)}"


def _size_detail(message: str) -> str:
    numbers = [int(n) for n in re.findall(r"\b(\d{4,})\b", message)]
    if "decompress" in message:
        return f"more than {max(numbers):,} bytes once decompressed" if numbers else "when decompressed"
    return f"{max(numbers):,} bytes, cap {min(numbers):,}" if len(numbers) >= 2 else one_line(message)


def _ssl_reason(exc: BaseException) -> str:
    """The library's reason inside an OpenSSL error list, e.g. "wrong version number"."""
    found = re.findall(r"'([^']+)'\)\]", str(exc))
    return found[-1] if found else one_line(exc)


def one_line(exc: object) -> str:
    """An exception message squeezed onto one short line (for logs and the database)."""
    return " ".join(str(exc).split())[:300]
