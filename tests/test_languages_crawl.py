"""One story reported in four languages: a real crawl of a local site whose outlets write French, Turkish,
Arabic and Ukrainian, and one monitor that follows the story's toll across all of them."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from html import escape
from pathlib import Path

from scheduler.config import parse_config
from scheduler.crawl import run_crawl
from storage.db import open_database
from tests.site import Article, FixtureSite, config_toml, rss, source_toml
from tests.test_monitors import rows

T0 = datetime(2026, 2, 6, 6, 0, tzinfo=timezone.utc)


@dataclass
class Outlet:
    """A news outlet writing in one language: its lead sentence per round and two paragraphs around it."""

    name: str
    lang: str
    title: str
    leads: list[str]
    filler: list[str]
    articles: list[Article] = field(default_factory=list)


OUTLETS = [
    Outlet("le-quotidien", "fr", "Séisme en Turquie : le bilan s'alourdit à Antakya", [
        "Au moins 120 personnes ont été tuées à Antakya après le séisme, selon la préfecture.",
        "Au moins 150 personnes ont été tuées à Antakya après le séisme, selon la préfecture."], [
        "Les équipes de secours ont poursuivi leurs recherches toute la nuit dans les décombres des immeubles "
        "effondrés, malgré le froid et les répliques qui continuent de secouer la région.",
        "Les organisations humanitaires ont appelé à ouvrir des couloirs pour acheminer de l'eau, des tentes et "
        "des médicaments vers les quartiers les plus touchés de la ville."]),
    Outlet("haber-ajansi", "tr", "Antakya'da deprem: can kaybı artıyor", [
        "AFAD'a göre Antakya'da depremde en az 130 kişi hayatını kaybetti.",
        "AFAD'a göre Antakya'da depremde en az 170 kişi hayatını kaybetti."], [
        "Arama kurtarma ekipleri gece boyunca enkaz altında kalanlara ulaşmak için çalışmalarını sürdürdü ve "
        "bölgeye çok sayıda iş makinesi sevk edildi.",
        "Vatandaşlar soğuk havada geceyi çadırlarda ve araçlarında geçirirken yetkililer yardım malzemelerinin "
        "dağıtımına devam edildiğini açıkladı."]),
    Outlet("al-akhbar", "ar", "زلزال تركيا: ارتفاع عدد الضحايا في أنطاكيا", [
        "قال الدفاع المدني إن 140 شخصا لقوا حتفهم في أنطاكيا جراء الزلزال.",
        "قال الدفاع المدني إن 180 شخصا لقوا حتفهم في أنطاكيا جراء الزلزال."], [
        "وواصلت فرق الإنقاذ عمليات البحث طوال الليل تحت أنقاض المباني المنهارة رغم البرد القارس والهزات "
        "الارتدادية المتواصلة في المنطقة.",
        "ودعت منظمات الإغاثة إلى فتح ممرات آمنة لإيصال المياه والخيام والأدوية إلى الأحياء الأكثر تضررا في "
        "المدينة."]),
    Outlet("novyny", "uk", "Землетрус у Туреччині: кількість жертв в Антакії зростає", [
        "Унаслідок землетрусу в Антакії загинули щонайменше 125 людей, повідомили рятувальники.",
        "Унаслідок землетрусу в Антакії загинули щонайменше 160 людей, повідомили рятувальники."], [
        "Рятувальні команди всю ніч продовжували пошуки під завалами зруйнованих будинків, попри мороз і "
        "повторні поштовхи в регіоні.",
        "Гуманітарні організації закликали відкрити безпечні коридори для доставки води, наметів і ліків до "
        "найбільш постраждалих районів міста."]),
]
# An unrelated story in French, on the same outlet: it must stay out of the monitor.
OTHER = ("Inondations à Kinshasa", "Au moins 12 personnes sont mortes dans les inondations à Kinshasa, selon la "
         "mairie.")
MONITOR = """
[[monitors]]
name = "antakya-quake"
keywords = ["Antakya", "أنطاكيا", "Антакії", "Антакія"]
"""


def page(outlet: Outlet, article: Article, base_url: str) -> str:
    """An article page of the outlet in its own language."""
    body = "\n".join(f"<p>{escape(p)}</p>" for p in article.paragraphs)
    direction = ' dir="rtl"' if outlet.lang == "ar" else ""
    return f"""<!DOCTYPE html>
<html lang="{outlet.lang}"{direction}><head><meta charset="utf-8"><title>{escape(article.title)}</title>
<link rel="canonical" href="{base_url}{article.path}">
<meta property="article:published_time" content="{article.published.isoformat()}">
</head><body><nav><a href="/">{escape(outlet.name)}</a></nav>
<main><article><h1>{escape(article.title)}</h1>
<div class="article-body">{body}</div></article></main>
<footer>© {escape(outlet.name)}</footer></body></html>"""


def publish(site: FixtureSite, outlet: Outlet, slug: str, title: str, paragraphs: list[str],
            published: datetime) -> Article:
    article = Article(f"{outlet.name}-{slug}", title, paragraphs, published)
    outlet.articles.append(article)
    site.set_html(article.path, page(outlet, article, site.url))
    site.set_xml(f"/{outlet.name}.xml", rss(outlet.articles, site.url), "application/rss+xml")
    return article


def test_one_monitor_follows_a_story_across_four_languages(site: FixtureSite, sqlite_url: str,
                                                          tmp_path: Path) -> None:
    outlets = [Outlet(o.name, o.lang, o.title, o.leads, o.filler) for o in OUTLETS]
    sources = "".join(source_toml(o.name, "feed", f"{site.url}/{o.name}.xml") for o in outlets)
    toml = config_toml(site.url, sqlite_url, sources=sources, extra=MONITOR)
    config = parse_config(toml, tmp_path / "tollwatch.toml")
    engine = open_database(sqlite_url)
    urls: dict[tuple[str, int], str] = {}
    for round_ in (0, 1):
        for k, o in enumerate(outlets):
            when = T0 + timedelta(days=round_, hours=k)
            article = publish(site, o, f"r{round_}", o.title, [o.filler[0], o.leads[round_], o.filler[1]], when)
            urls[(o.name, round_)] = site.url + article.path
        if round_ == 0:
            publish(site, outlets[0], "kinshasa", OTHER[0], [outlets[0].filler[0], OTHER[1]], T0)
        result = run_crawl(config, engine, config.sources)
        assert result.status == "ok", result

    # every page's figures were read in its own language, who and attribution kept in it
    assert sorted(rows(engine, "SELECT s.name, v.language, f.language, f.value, f.qualifier, f.who, f.attribution "
                               "FROM figures f JOIN article_versions v ON v.id = f.version_id "
                               "JOIN articles a ON a.id = v.article_id JOIN sources s ON s.id = a.source_id "
                               "WHERE a.url LIKE '%-r1.html'")) == sorted([
        ("al-akhbar", "ar", "ar", 180, "exact", "شخصا", "الدفاع المدني"),
        ("haber-ajansi", "tr", "tr", 170, "at_least", "kişi", "AFAD"),
        ("le-quotidien", "fr", "fr", 150, "at_least", "personnes", "préfecture"),
        ("novyny", "uk", "uk", 160, "at_least", "людей", "рятувальники"),
    ])
    # one monitor, four voices: each outlet's series went from its first toll to its second
    assert sorted(rows(engine, "SELECT source, who, attribution, value, points, changes, last_old_value, "
                               "last_new_value, last_direction, url FROM series WHERE monitor = 'antakya-quake'")) == \
        sorted([
            ("al-akhbar", "شخصا", "الدفاع المدني", 180, 2, 1, 140, 180, "up", urls[("al-akhbar", 1)]),
            ("haber-ajansi", "kişi", "AFAD", 170, 2, 1, 130, 170, "up", urls[("haber-ajansi", 1)]),
            ("le-quotidien", "personnes", "préfecture", 150, 2, 1, 120, 150, "up", urls[("le-quotidien", 1)]),
            ("novyny", "людей", "рятувальники", 160, 2, 1, 125, 160, "up", urls[("novyny", 1)]),
        ])
    assert rows(engine, "SELECT count(*) FROM series_changes WHERE monitor = 'antakya-quake'") == [(4,)]
    # the Kinshasa floods, in French on a followed outlet, are not the story
    assert rows(engine, "SELECT count(*) FROM monitor_articles m JOIN articles a ON a.id = m.article_id "
                        "WHERE a.url LIKE '%kinshasa%'") == [(0,)]
    engine.dispose()
