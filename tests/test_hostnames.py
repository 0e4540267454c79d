"""The crawl's download handler encodes each hostname once, keeping Scrapy's IDNA fallbacks."""
from __future__ import annotations

import json
import subprocess
import sys

PROBE = """
import json
from scrapy.utils.reactor import install_reactor
install_reactor("twisted.internet.asyncioreactor.AsyncioSelectorReactor")
from scrapy.core.downloader.handlers import DownloadHandlers
from scrapy.utils.test import get_crawler
from twisted.internet import endpoints, reactor
from crawler.settings import scrapy_settings

crawler = get_crawler(settings_dict=scrapy_settings().copy_to_dict())
handler = DownloadHandlers(crawler)._get_handler("https")
names = ["news.example.org", "xn--ls8h.la", "under_score.example.org", "news.example.org"]
encoded = [endpoints._idnaBytes(name).decode() for name in names]
try:
    endpoints._idnaBytes("bad host")
    refused = False
except UnicodeError:
    refused = True
for _ in range(3):
    endpoints.HostnameEndpoint(reactor, b"news.example.org".decode(), 443)
print(json.dumps({"handler": type(handler).__name__, "encoded": encoded, "refused": refused,
                  "fallback": endpoints._idnaBytes.__wrapped__.__module__,
                  "hits": endpoints._idnaBytes.cache_info().hits}))
"""


def test_hostnames_are_encoded_once_with_scrapys_fallbacks() -> None:
    out = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, check=True, text=True)
    result = json.loads(out.stdout)
    assert result["handler"] == "CachedHostnamesHandler"
    # emoji (punycode) and underscore names are Scrapy's fallbacks: the cache wraps them, not Twisted's original
    assert result["encoded"] == ["news.example.org", "xn--ls8h.la", "under_score.example.org", "news.example.org"]
    assert result["fallback"] == "scrapy.core.downloader._idna_patch"
    assert result["refused"]
    assert result["hits"] == 4  # the repeated name, then three endpoints for it
