"""Extraction of article text, consent removal and casualty figures; usable without Scrapy."""
from crawler.extraction.page import Extraction, ExtractionSettings, extract_page, extract_text

__all__ = ["Extraction", "ExtractionSettings", "extract_page", "extract_text"]
