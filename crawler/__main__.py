"""`python -m crawler` runs one crawl job (JSON on stdin): the crawl child process's entry point.

A package `__main__` on purpose: multiprocessing does not re-import a `.__main__` module in the
extraction workers, which a `-m crawler.run` entry would make each worker do (Scrapy, SQLAlchemy
and all: a second of CPU and tens of MB per worker for nothing).
"""
from crawler.entry import main

main()
