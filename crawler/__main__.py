"""`python -m crawler` runs one crawl job, sent on its stdin (a link to the tollwatch process that
stores the crawl): the crawl child process's entry point.

A package `__main__` on purpose: multiprocessing does not re-import a `.__main__` module in the
extraction workers, which a `-m crawler.run` entry would make each worker do (Scrapy, Twisted
and all: a second of CPU and tens of MB per worker for nothing).
"""
import os

try:
    from crawler.entry import main

    main()
except KeyboardInterrupt:  # Ctrl-C before main()'s own guard (while importing it, or starting the thread that
    os._exit(4)  # reads the job): the parent reports it, without a traceback; crawler.entry.EXIT_INTERRUPTED
