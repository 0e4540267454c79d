"""Page titles without the site's name joined to them, recognised by the names the page gives its site
(og:site_name, the JSON-LD publisher) and its host, never by a list of sites. The titles are those of real
pages of ../shared/corpora (Zyte and WCXB), and the news sites the issue names."""
from __future__ import annotations

import json

import lxml.html
import pytest

from crawler.extraction.metadata import page_metadata


def title(og_title: str, url: str | None = None, site_name: str | None = None, publisher: str | None = None) -> str:
    """`Metadata.title` of a page with this og:title, site name and JSON-LD publisher."""
    head = f'<meta property="og:title" content="{og_title}">'
    if site_name:
        head += f'<meta property="og:site_name" content="{site_name}">'
    if publisher:
        data = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": og_title,
                "publisher": {"@type": "Organization", "name": publisher}}
        head += f'<script type="application/ld+json">{json.dumps(data)}</script>'
    tree = lxml.html.fromstring(f"<html><head>{head}</head><body><p>Text.</p></body></html>")
    return page_metadata(tree, url).title


@pytest.mark.parametrize(("og_title", "url", "site_name", "publisher", "expected"), [
    # the site's name as og:site_name, after |, –, -, —, •
    ("New York State Attorney General reportedly investigating WeWork – TechCrunch", None, "TechCrunch", None,
     "New York State Attorney General reportedly investigating WeWork"),
    ("Best tech gadgets of 2019 | ZDNet", None, "ZDNet", None, "Best tech gadgets of 2019"),
    ("Gardenary Planting vs. Ordinary Planting • Gardenary", "https://www.gardenary.com/blog/x", None, None,
     "Gardenary Planting vs. Ordinary Planting"),
    # a site name with a word more ("CBC News" on the site named "CBC") or less ("Inexhibit magazine")
    ("Ottawa announces new flood aid for B.C. farmers | CBC News", "https://www.cbc.ca/news/canada/x", "CBC", None,
     "Ottawa announces new flood aid for B.C. farmers"),
    ("'The Medium is the Message': the 7th Amsterdam Light Festival | Inexhibit", None, "Inexhibit magazine", None,
     "'The Medium is the Message': the 7th Amsterdam Light Festival"),
    # a section before the site's name, with another separator
    ("Canada’s wildfire season could be worse than last year - National | Globalnews.ca",
     "https://globalnews.ca/news/1/wildfire/", None, None, "Canada’s wildfire season could be worse than last year"),
    # the JSON-LD publisher's name, the host and its labels
    ("World Community Lashes Out at US for No Longer Considering Israeli Settlements Illegal | Al Bawaba", None,
     None, "Al Bawaba", "World Community Lashes Out at US for No Longer Considering Israeli Settlements Illegal"),
    ("Some Myths about Nutrition & Physical Activity - NIDDK", "https://www.niddk.nih.gov/health-information/x",
     None, None, "Some Myths about Nutrition & Physical Activity"),
    ("NASA adds five companies to commercial lunar lander program - SpaceNews.com", "https://spacenews.com/x/",
     None, None, "NASA adds five companies to commercial lunar lander program"),
    ("Book Reviews – The Writing Center", "https://writingcenter.unc.edu/tips-and-tools/book-reviews/", None, None,
     "Book Reviews"),
    # the site's name first: "Site: Title", "Site | Title"
    ("Garnix Blog: Hardware-Attested Nix Builds", None, "Garnix Blog", None, "Hardware-Attested Nix Builds"),
    ("Tastify | Top 7 Corporate Catering Trends for 2024", "https://tastify.com/blog/x", None, None,
     "Top 7 Corporate Catering Trends for 2024"),
])
def test_the_site_s_name_is_taken_off_the_title(og_title: str, url: str | None, site_name: str | None,
                                                 publisher: str | None, expected: str) -> None:
    assert title(og_title, url, site_name, publisher) == expected


@pytest.mark.parametrize(("og_title", "url", "site_name", "expected"), [
    # separators inside the title stay; only the site's name goes
    ("Star Wars Jedi: Fallen Order review - shoots for the moon, lands among the stars - VG247",
     "https://www.vg247.com/x", "VG247", "Star Wars Jedi: Fallen Order review - shoots for the moon, lands among the stars"),
    ("What is Mesh WiFi? | Whole Home Mesh WiFi | TP-Link", "https://www.tp-link.com/us/x", "TP-Link",
     "What is Mesh WiFi? | Whole Home Mesh WiFi"),
    # lower case is no section
    ("Transitioning to a plant-based diet – tips and tricks | Parkview Health", "https://www.parkview.com/blog/x",
     "Parkview", "Transitioning to a plant-based diet – tips and tricks"),
])
def test_only_the_site_s_name_goes(og_title: str, url: str, site_name: str, expected: str) -> None:
    assert title(og_title, url, site_name) == expected


@pytest.mark.parametrize(("og_title", "url", "site_name"), [
    ("Teaching Online: Effective Practices", "https://teaching.resources.osu.edu/teaching-topics/x",
     "Teaching and Learning Resource Center"),  # "Teaching" is a label of the host, "Teaching Online" no name
    ("Floods kill 14 in Valencia - Reuters", "https://apnews.com/article/x", "AP News"),  # another site's name
    ("Digjitale Signal #18 – The World Without Work?", "https://www.digjitale.com/p/x", "Digjitale"),  # a number
    ("Home | CNN", "https://edition.cnn.com/", "CNN"),  # the rest would be too short
    ("Sport - BBC News", "https://www.bbc.com/sport", "BBC News"),
    ("Fix It Friday: Struggling With How To Arrange Your Living Room?", "https://stylebyemilyhenderson.com/x",
     "Emily Henderson"),
])
def test_titles_without_the_site_s_name_are_kept(og_title: str, url: str, site_name: str) -> None:
    assert title(og_title, url, site_name) == og_title
