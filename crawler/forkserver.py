"""Imported once by the forkserver of the extraction workers: loads the extractor and the language
model there, so the workers forked from it share them (copy-on-write) instead of each loading its
own 70 MB model."""
import gc
import signal

# Ctrl-C reaches the whole process group: the crawl process stops the crawl (Scrapy finishes what is in
# flight, so workers finish their pages) and then the pool. The server ignores it while it loads, and
# the workers it forks inherit that.
signal.signal(signal.SIGINT, signal.SIG_IGN)
gc.disable()  # while loading: the collections the imports trigger would only delay the workers (30 ms)

from crawler.extraction.language import load_model  # noqa: E402
from crawler.work import extract_and_pack  # noqa: E402,F401  (imported for the workers to inherit)
from crawler.worker import end_with_crawl  # noqa: E402,F401  (the workers' initializer)

load_model()
# Leave everything loaded so far out of garbage collection: a collection in a worker would write to
# these objects and so copy the memory pages they share with the forkserver.
gc.freeze()
gc.enable()
