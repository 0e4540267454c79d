"""Imported once by the forkserver of the extraction workers: loads the extractor and the language
model there, so the workers forked from it share them (copy-on-write) instead of each loading its
own 70 MB model."""
from crawler.extraction.language import load_model
from crawler.work import extract_and_pack  # noqa: F401  (imported for the workers to inherit)

load_model()
