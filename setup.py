"""For `scrapyd-deploy`, which builds the egg it uploads to Scrapyd with `setup.py bdist_egg`: everything comes
from pyproject.toml (packages, data, the `scrapy` entry point through which Scrapyd finds the settings)."""
from setuptools import setup

setup()
