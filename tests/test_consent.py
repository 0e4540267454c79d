"""Consent-banner removal: platform markup, generic markup, the paragraph classifier, and pages about cookies."""

from __future__ import annotations

import json
from pathlib import Path

import lxml.html
import pytest
import trafilatura
from trafilatura.utils import load_html

from crawler.extraction.consent import Removed, remove_consent_markup
from crawler.extraction.consent_text import drop_consent_paragraphs

FIXTURES = Path(__file__).parent / "fixtures" / "consent"

ARTICLE = [
    "Rescue teams recovered the bodies of 14 people on Tuesday after floods swept through three villages "
    "in the northern province, the regional governor said.",
    "At least 32 people were injured and more than 2,000 residents were moved to temporary shelters as "
    "rivers burst their banks after four days of heavy rain.",
    "Officials said the search for nine missing people would continue through the night with the help of "
    "army helicopters and volunteers from neighbouring towns.",
]
BANNER = ("We use cookies to improve your experience on our site and to show you personalised advertising. "
          "By clicking “Accept all” you agree to our use of cookies.")


def page(banner: str, inside_article: bool = False, lang: str = "en", paragraphs: list[str] = ARTICLE) -> str:
    """A minimal news page with a banner before </body> or at the end of the article container."""
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    article = f'<div class="story-body"><h1>Floods kill 14</h1>{body}{banner if inside_article else ""}</div>'
    return (f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><title>Floods kill 14</title>'
            f'</head><body><header><nav><a href="/">Home</a></nav></header>{article}'
            f'{"" if inside_article else banner}<footer>© News Agency</footer></body></html>')


def extract(html: str) -> tuple[str, list[Removed]]:
    """The extraction sequence of crawler.extraction.page, without metadata and figures."""
    tree = load_html(html)
    removed = remove_consent_markup(tree)
    doc = trafilatura.bare_extraction(tree, include_comments=False)
    text, dropped = drop_consent_paragraphs(doc.text, tree.get("lang"))
    return text, removed + dropped


def test_seed_page_keeps_article_and_drops_turkish_notice() -> None:
    html = (FIXTURES / "aa-ukraine-turkey.html").read_text(encoding="utf-8")
    expected = json.loads((FIXTURES / "aa-ukraine-turkey.expected.json").read_text(encoding="utf-8"))
    text, removed = extract(html)
    for sentence in expected["must_contain"]:
        assert sentence in text
    for snippet in expected["must_not_contain"]:
        assert snippet not in text
    assert [(r.layer, r.rule) for r in removed] == [("markup", "id-token:cookie")]
    assert removed[0].text.startswith("X Sitelerimizde reklam ve pazarlama")


def test_seed_notice_is_dropped_by_text_layer_alone() -> None:
    html = (FIXTURES / "aa-ukraine-turkey.html").read_text(encoding="utf-8")
    text = trafilatura.extract(html)
    assert "çerez" in text
    kept, removed = drop_consent_paragraphs(text, "en")
    assert [r.layer for r in removed] == ["text"] * 3
    assert removed[0].text.startswith("Sitelerimizde reklam ve pazarlama")
    assert "çerez" not in kept
    assert kept.endswith("More than 3 million refugees have fled to neighboring countries, according to the UN.")


# (platform, its banner's markup, the autoconsent rule that removes it: crawler/extraction/autoconsent_selectors.txt).
# Usercentrics is not here: its banner is drawn in a shadow root, so a fetched page holds only its empty host.
PLATFORMS = [
    ("onetrust", '<div id="onetrust-consent-sdk"><div id="onetrust-banner-sdk" class="otFlat"><div id="onetrust-policy-text">{}</div>'
                 '<button id="onetrust-accept-btn-handler">Accept All Cookies</button></div></div>', "Onetrust"),
    ("cookiebot", '<div id="CybotCookiebotDialog" name="CybotCookiebotDialog" role="dialog"><div id="CybotCookiebotDialogBodyText">{}</div></div>', "Cybotcookiebot"),
    ("consentmanager", '<div id="cmpwrapper" class="cmpwrapper"><div id="cmpbox" class="cmpbox cmpstyleroot"><div class="cmpboxtxt">{}</div></div></div>', "consentmanager.net"),
    ("sourcepoint", '<div id="sp_message_container_704287" class="sp-message-open"><div class="message-component">{}</div></div>', "Sourcepoint-frame"),
    ("funding-choices", '<div class="fc-consent-root"><div class="fc-dialog-container"><p class="fc-dialog-headline">{}</p></div></div>', "funding-choices"),
    ("cookieyes", '<div class="cky-consent-container cky-box-bottom-left"><div class="cky-notice"><p>{}</p></div></div>', "cookieyes"),
    ("quantcast", '<div id="qc-cmp2-container" class="qc-cmp2-container"><div class="qc-cmp-cleanslate"><div id="qc-cmp2-ui" role="dialog">{}</div></div></div>', "quantcast"),
    ("civic", '<div id="ccc" role="region"><div id="ccc-notify" class="ccc-notify-box"><p>{}</p></div></div>', "civic-cookie-control"),
    ("osano", '<div class="osano-cm-window"><div class="osano-cm-dialog osano-cm-dialog--type_bar"><span class="osano-cm-content">{}</span></div></div>', "osano"),
    ("didomi", '<div id="didomi-host" class="didomi-host"><div id="didomi-notice" class="didomi-notice-banner"><p>{}</p></div></div>', "didomi"),
    ("cookie-script", '<div id="cookiescript_injected"><div id="cookiescript_description">{}</div></div>', "cookie-script"),
    ("ezoic", '<div id="ez-cookie-dialog-wrapper"><div id="ez-cookie-dialog"><p>{}</p></div></div>', "EZoic"),
    ("complianz", '<div id="cmplz-cookiebanner-container"><div class="cmplz-cookiebanner banner-1 optin"><div class="cmplz-message">{}</div></div></div>', "Complianz banner"),
    ("cookiefirst", '<div class="cookiefirst-root notranslate"><div class="cf3Tgk"><p>{}</p></div></div>', "cookiefirst.com"),
    ("cookieconsent", '<div role="dialog" aria-label="cookieconsent" aria-describedby="cookieconsent:desc" class="cc-window cc-banner cc-type-info">'
                      '<span id="cookieconsent:desc" class="cc-message">{}</span></div>', "Complianz notice"),
    ("klaro", '<div id="klaro"><div class="klaro"><div class="cookie-notice"><p>{}</p></div></div></div>', "Klaro"),
    ("ketch", '<div id="lanyard_root"><div id="ketch-banner" role="dialog"><p>{}</p></div></div>', "ketch"),
    ("termly", '<div id="termly-code-snippet-support"><div class="termly-styles-root"><p>{}</p></div></div>', "Termly"),
    ("borlabs", '<div id="BorlabsCookieBox" class="BorlabsCookie"><div class="_brlbs-bar"><p class="_brlbs-flex-center">{}</p></div></div>', "borlabs"),
    ("tealium", '<div id="__tealiumGDPRecModal"><div class="privacy_prompt"><div class="privacy_prompt_content">{}</div></div></div>', "Tealium"),
    ("transcend", '<div id="transcend-consent-manager"><div class="banner">{}</div></div>', "transcend"),
    ("iubenda", '<div id="iubenda-cs-banner" class="iubenda-cs-default"><div class="iubenda-cs-container"><div id="iubenda-cs-paragraph">{}</div></div></div>', "iubenda"),
    ("trustarc", '<div id="truste-consent-track"><div id="truste-consent-content">{}</div></div>', "TrustArc-top"),
    ("cookielawinfo", '<div id="cookie-law-info-bar" data-nosnippet="true"><span>{}</span></div>', "cookie-law-info"),
    ("moove", '<aside id="moove_gdpr_cookie_info_bar" class="moove-gdpr-info-bar-hidden"><div class="moove-gdpr-info-bar-container"><p>{}</p></div></aside>', "Moove"),
    ("cookiehub", '<div class="ch2"><div class="ch2-container"><div class="ch2-dialog ch2-dialog-bottom"><p>{}</p></div></div></div>', "cookiehub"),
    ("tarteaucitron", '<div id="tarteaucitronRoot"><div id="tarteaucitronAlertBig"><span id="tarteaucitronDisclaimerAlert">{}</span></div></div>', "tarteaucitron deny"),
    ("axeptio", '<div id="axeptio_overlay" class="axeptio_mount"><div class="axeptio_widget"><p>{}</p></div></div>', "axeptio"),
    ("hubspot", '<div id="hs-eu-cookie-confirmation" class="hs-cookie-notification-position-bottom"><div id="hs-eu-cookie-confirmation-inner"><p>{}</p></div></div>', "hubspot"),
]


@pytest.mark.parametrize(("platform", "markup", "rule"), PLATFORMS, ids=[p for p, _, _ in PLATFORMS])
def test_platform_banner_removed_from_markup(platform: str, markup: str, rule: str) -> None:
    tree = load_html(page(markup.format(BANNER)))
    removed = remove_consent_markup(tree)
    assert [(r.layer, r.rule) for r in removed] == [("markup", f"autoconsent:{rule}")]
    assert BANNER.split(".")[0] in removed[0].text
    text = trafilatura.extract(tree)
    assert "cookies" not in text
    assert all(p in text for p in ARTICLE)


def test_platform_root_without_consent_words_is_removed() -> None:
    """Platform roots need no notice text: preference centres often say only "Privacy Manager"."""
    tree = load_html(page('<div id="qc-cmp2-container"><div id="qc-cmp2-ui">Privacy Manager</div></div>'))
    assert [r.rule for r in remove_consent_markup(tree)] == ["autoconsent:quantcast"]


def test_tail_text_after_removed_banner_is_kept() -> None:
    tree = lxml.html.fromstring(
        f'<html><body><div class="c"><p>{ARTICLE[0]}</p><div id="cookie-strip">{BANNER}</div>Tail text stays.</div>'
        f"<p>{ARTICLE[1]}</p></body></html>")
    assert [r.rule for r in remove_consent_markup(tree)] == ["id-token:cookie"]
    assert tree.xpath("string(//div[@class='c'])") == ARTICLE[0] + "Tail text stays."


LOCAL_BANNERS = [
    ("id-token:cookie", '<div id="cookie-law" class="cerez-uyari"><div class="kapat">X</div>'
     "<p>Sitelerimizde reklam ve pazarlama faaliyetlerinin yürütülmesi amaçları ile çerezler kullanılmaktadır.</p>"
     "<p>Bu çerezler, kullanıcıların tarayıcı ve cihazlarını tanımlayarak çalışır.</p></div>", "çerez"),
    ("class-token:cerez", '<div class="cerez-uyari"><p>Sitemizde size daha iyi hizmet sunabilmek için çerezler '
     "kullanılmaktadır. Sitemizi kullanmaya devam ederek çerez politikamızı kabul etmiş olursunuz.</p></div>", "çerez"),
    ("class-token:datenschutz", '<div class="datenschutz-hinweis"><p>Wir verwenden Cookies, um Ihnen ein optimales '
     "Nutzungserlebnis zu bieten. Indem Sie die Seite weiter nutzen, stimmen Sie der Verwendung von Cookies zu.</p>"
     "<a>Einverstanden</a></div>", "Cookies"),
    ("class-token:ciasteczk", '<div class="info-ciasteczka"><p>Używamy plików cookie, aby zapewnić prawidłowe '
     "działanie serwisu i analizować ruch. Korzystając z serwisu, wyrażasz zgodę na ich użycie.</p></div>", "cookie"),
    ("id-token:kvkk", '<div id="kvkk-popup"><p>Kişisel verileriniz KVKK kapsamında işlenmektedir. Sitemizde '
     "çerezler kullanılmaktadır; devam ederek aydınlatma metnini kabul etmiş olursunuz.</p></div>", "KVKK"),
    ("class-token:rgpd", '<div class="bandeau-rgpd"><p>Nous utilisons des cookies pour améliorer votre expérience '
     "et mesurer l'audience. En poursuivant votre navigation, vous acceptez leur utilisation.</p></div>", "cookies"),
]


@pytest.mark.parametrize(("rule", "banner", "marker"), LOCAL_BANNERS, ids=[r for r, _, _ in LOCAL_BANNERS])
def test_local_language_banner_div_inside_article(rule: str, banner: str, marker: str) -> None:
    text, removed = extract(page(banner, inside_article=True))
    assert [(r.layer, r.rule) for r in removed] == [("markup", rule)]
    assert marker not in text
    assert text.split("\n")[-3:] == ARTICLE


def test_consent_dialog_without_tokens_is_removed() -> None:
    banner = f'<div role="dialog" aria-modal="true" class="m-3xk"><p>{BANNER}</p><button>Accept all</button></div>'
    text, removed = extract(page(banner))
    assert [(r.layer, r.rule) for r in removed] == [("markup", "dialog")]
    assert "cookies" not in text


def test_plain_div_banner_is_dropped_by_text_layer() -> None:
    banner = f"<div><p>{BANNER}</p><p>Manage preferences</p></div>"
    text, removed = extract(page(banner, inside_article=True))
    assert [(r.layer, r.text) for r in removed] == [("text", BANNER), ("text", "Manage preferences")]
    assert text.split("\n")[-3:] == ARTICLE


def test_generic_token_on_body_and_article_is_not_removed() -> None:
    html = page("").replace("<body>", '<body class="page cookie-consent-pending">').replace(
        '<div class="story-body">', '<div class="story-body consent-aware">')
    tree = load_html(html)
    assert remove_consent_markup(tree) == []
    assert all(p in trafilatura.extract(tree) for p in ARTICLE)


def test_newsletter_dialog_is_not_a_consent_notice() -> None:
    dialog = ('<div role="dialog" aria-modal="true"><p>Sign up for our newsletter and get the day\'s top stories '
              "in your inbox every morning.</p><button>Subscribe</button></div>")
    assert remove_consent_markup(load_html(page(dialog))) == []


# --- text layer in twelve languages: article paragraphs, then the site's notice
NOTICES = {
    "en": (["The earthquake killed at least 41 people and injured 230 others in the coastal region, officials said on Monday.",
            "Rescue workers were still searching the rubble of two collapsed apartment blocks in the city centre."],
           [BANNER, "Accept all", "Manage preferences"]),
    "tr": (["Deprem bölgesinde hayatını kaybedenlerin sayısı 41'e yükseldi, 230 kişi de yaralandı.",
            "Arama kurtarma ekipleri şehir merkezinde yıkılan iki binanın enkazında çalışmalarını sürdürüyor."],
           ["Sitemizde size daha iyi hizmet sunabilmek için çerezler kullanılmaktadır. Sitemizi kullanmaya devam "
            "ederek çerez politikamızı kabul etmiş olursunuz.", "Kabul et"]),
    "de": (["Bei dem Erdbeben sind nach Angaben der Behörden mindestens 41 Menschen ums Leben gekommen und 230 verletzt worden.",
            "Die Rettungskräfte suchten am Montag weiter in den Trümmern von zwei eingestürzten Wohnhäusern."],
           ["Wir verwenden Cookies, um Ihnen ein optimales Nutzungserlebnis zu bieten und Inhalte sowie Werbung zu "
            "personalisieren. Indem Sie auf „Alle akzeptieren“ klicken, stimmen Sie der Verwendung von Cookies zu.",
            "Alle akzeptieren", "Einstellungen"]),
    "fr": (["Le séisme a fait au moins 41 morts et 230 blessés dans la région côtière, ont indiqué lundi les autorités.",
            "Les secouristes fouillaient toujours les décombres de deux immeubles effondrés dans le centre-ville."],
           ["Nous utilisons des cookies pour améliorer votre expérience de navigation, mesurer l'audience et vous "
            "proposer des publicités personnalisées. En poursuivant votre navigation, vous acceptez l'utilisation de cookies.",
            "Paramétrer les cookies"]),
    "es": (["El terremoto causó al menos 41 muertos y 230 heridos en la región costera, informaron el lunes las autoridades.",
            "Los equipos de rescate seguían buscando entre los escombros de dos edificios derrumbados en el centro de la ciudad."],
           ["Utilizamos cookies propias y de terceros para mejorar tu experiencia de navegación y mostrarte publicidad "
            "personalizada. Si continúas navegando, consideramos que aceptas su uso.", "Aceptar", "Configuración de cookies"]),
    "it": (["Il terremoto ha causato almeno 41 morti e 230 feriti nella regione costiera, hanno riferito lunedì le autorità.",
            "I soccorritori continuavano a scavare tra le macerie di due palazzi crollati nel centro della città."],
           ["Utilizziamo i cookie per migliorare la tua esperienza di navigazione e per mostrarti pubblicità "
            "personalizzata. Proseguendo nella navigazione accetti l'uso dei cookie.", "Accetta"]),
    "pt": (["O terremoto matou pelo menos 41 pessoas e deixou 230 feridos na região costeira, informaram as autoridades na segunda-feira.",
            "As equipes de resgate continuavam a procurar sobreviventes nos escombros de dois prédios que desabaram no centro."],
           ["Utilizamos cookies para melhorar a sua experiência de navegação e personalizar publicidade. Ao continuar a "
            "navegar, você concorda com a nossa política de privacidade.", "Aceitar cookies"]),
    "nl": (["Bij de aardbeving zijn volgens de autoriteiten ten minste 41 mensen om het leven gekomen en 230 gewond geraakt.",
            "Reddingswerkers zochten maandag nog in het puin van twee ingestorte flatgebouwen in het centrum van de stad."],
           ["Wij gebruiken cookies om je ervaring op onze website te verbeteren en advertenties te personaliseren. Door "
            "verder te gaan op deze website ga je akkoord met het gebruik van cookies.", "Accepteren"]),
    "pl": (["W trzęsieniu ziemi zginęło co najmniej 41 osób, a 230 zostało rannych w regionie przybrzeżnym, poinformowały władze.",
            "Ratownicy w poniedziałek nadal przeszukiwali gruzy dwóch zawalonych bloków mieszkalnych w centrum miasta."],
           ["Używamy plików cookie, aby zapewnić prawidłowe działanie serwisu, analizować ruch i personalizować reklamy. "
            "Korzystając z serwisu, wyrażasz zgodę na ich użycie.", "Akceptuję"]),
    "ru": (["В результате землетрясения погибли по меньшей мере 41 человек, еще 230 получили ранения, сообщили в понедельник власти.",
            "Спасатели продолжали разбирать завалы двух обрушившихся жилых домов в центре города."],
           ["Мы используем файлы cookie, чтобы улучшить работу сайта и показывать персонализированную рекламу. "
            "Продолжая пользоваться сайтом, вы соглашаетесь с использованием файлов cookie.", "Принять"]),
    "uk": (["Унаслідок землетрусу загинули щонайменше 41 людина, ще 230 отримали поранення, повідомила у понеділок влада.",
            "Рятувальники продовжували розбирати завали двох зруйнованих житлових будинків у центрі міста."],
           ["Ми використовуємо файли cookie, щоб покращити роботу сайту та персоналізувати рекламу. Продовжуючи "
            "користуватися сайтом, ви погоджуєтеся з використанням файлів cookie.", "Прийняти"]),
    "ar": (["قالت السلطات يوم الاثنين إن الزلزال أسفر عن مقتل 41 شخصا على الأقل وإصابة 230 آخرين في المنطقة الساحلية.",
            "وواصل عمال الإنقاذ البحث بين أنقاض مبنيين سكنيين انهارا في وسط المدينة."],
           ["نستخدم ملفات تعريف الارتباط لتحسين تجربتك على موقعنا وتخصيص الإعلانات. بمواصلة التصفح فإنك توافق على "
            "استخدامنا لملفات تعريف الارتباط.", "قبول"]),
}


@pytest.mark.parametrize("language", sorted(NOTICES))
def test_notice_dropped_at_end(language: str) -> None:
    article, notice = NOTICES[language]
    kept, removed = drop_consent_paragraphs("\n".join(article + notice), language)
    assert kept == "\n".join(article)
    assert [r.text for r in removed] == notice
    assert {r.rule for r in removed} == {"text-classifier"}


@pytest.mark.parametrize("language", sorted(NOTICES))
def test_notice_dropped_at_start_without_language_hint(language: str) -> None:
    article, notice = NOTICES[language]
    kept, removed = drop_consent_paragraphs("\n".join(notice + article), None)
    assert kept == "\n".join(article)
    assert len(removed) == len(notice)


def test_foreign_notice_dropped_in_the_middle() -> None:
    article = NOTICES["en"][0]
    notice = NOTICES["de"][1][0]
    kept, removed = drop_consent_paragraphs("\n".join([article[0], notice, article[1]]), "en")
    assert kept == "\n".join(article)
    assert [r.text for r in removed] == [notice]


# --- articles about cookies and consent keep every paragraph
GDPR_FINE = [
    "France's data protection regulator fined Google 150 million euros and Facebook 60 million euros on Thursday "
    "for making it harder for users to refuse cookies than to accept them.",
    "The CNIL said that on youtube.com, google.fr and facebook.com a single click was enough to accept cookies, "
    "while several clicks were needed to reject them all.",
    "“When you accept cookies, it's done in just one click,” said Karin Kiefer, the CNIL's director of data protection "
    "and sanctions. Refusing should be just as easy, she said.",
    "Under the General Data Protection Regulation, companies can be fined up to 4% of their global annual turnover.",
    "Google said it would change its consent banners in Europe, and Facebook said it was reviewing the decision.",
]
COOKIE_LAW = [
    "The European Commission proposed on Wednesday to scrap the cookie banners that ask visitors of almost every "
    "website in the bloc to accept or reject tracking.",
    "Under the plan, browsers would store a user's consent preferences once, and websites would have to respect "
    "that choice instead of showing a new pop-up on every visit.",
    "Privacy groups welcomed the move but warned that advertisers would lobby to weaken the rules on personal data.",
    "The ePrivacy directive, known as the cookie law, has required consent for non-essential cookies since 2011.",
    "“By continuing to browse, you agree” notices were ruled illegal by the EU's top court in 2019.",
]
BAKERY = [
    "A family bakery in Leeds has sold more than 10,000 chocolate chip cookies in a week after a video of its "
    "owner went viral.",
    "“We use only local butter and free-range eggs in our cookies, and we bake them fresh every morning,” said "
    "owner Sarah Malik, who opened the shop in 2015.",
    "Queues formed outside the shop on Saturday, and the bakery now limits customers to a dozen cookies each.",
    "The cookies cost £1.50 each, and the shop says it will accept online orders from next month.",
]


@pytest.mark.parametrize("paragraphs", [GDPR_FINE, COOKIE_LAW, BAKERY], ids=["gdpr-fine", "cookie-law", "bakery"])
def test_article_about_cookies_keeps_every_paragraph(paragraphs: list[str]) -> None:
    text, removed = extract(page("", paragraphs=paragraphs))
    assert removed == []
    assert text.split("\n")[-len(paragraphs):] == paragraphs


@pytest.mark.parametrize("paragraphs", [GDPR_FINE, COOKIE_LAW, BAKERY], ids=["gdpr-fine", "cookie-law", "bakery"])
def test_article_about_cookies_in_cookie_named_container_is_kept(paragraphs: list[str]) -> None:
    html = page("", paragraphs=paragraphs).replace('<div class="story-body">', '<div class="story-body cookie-news">')
    tree = load_html(html)
    assert remove_consent_markup(tree) == []


def test_article_about_cookies_still_loses_its_site_banner() -> None:
    text, removed = extract(page(f'<div class="cookie-banner"><p>{BANNER}</p></div>', paragraphs=GDPR_FINE))
    assert [(r.layer, r.rule) for r in removed] == [("markup", "class-token:cookie")]
    assert text.split("\n")[-len(GDPR_FINE):] == GDPR_FINE


def test_removed_to_dict() -> None:
    assert Removed("text", "text-classifier", "Accept all").to_dict() == {
        "layer": "text", "rule": "text-classifier", "text": "Accept all"}


def test_text_without_consent_vocabulary_is_unchanged() -> None:
    text = "\n".join(ARTICLE)
    assert drop_consent_paragraphs(text, "en") == (text, [])
    assert drop_consent_paragraphs("", None) == ("", [])
