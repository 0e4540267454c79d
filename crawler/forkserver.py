"""Imported once by the forkserver of the extraction workers: loads the extractor and the language
model there, so the workers forked from it share them (copy-on-write) instead of each loading its
own 70 MB model."""
import gc

from crawler.extraction.language import load_model
from crawler.work import extract_and_pack  # noqa: F401  (imported for the workers to inherit)

load_model()
# Leave everything loaded so far out of garbage collection: a collection in a worker would write to
# these objects and so copy the memory pages they share with the forkserver.
gc.freeze()
