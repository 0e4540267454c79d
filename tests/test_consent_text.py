"""The consent text layer's learned vocabulary: notices in the middle of same-language articles, blocked-embed
placeholders, newsletter prompts, and articles about consent or newsletters that keep their text."""

from __future__ import annotations

import json

import pytest

from crawler.extraction.consent_text import (
    MODEL_FILE,
    drop_consent_paragraphs,
    guess_language,
    looks_like_notice,
    model,
    words,
)

# two paragraphs of a news article per language; the notice goes between them
ARTICLES = {
    "en": ["The earthquake killed at least 41 people and injured 230 others in the coastal region, officials said on Monday.",
           "Rescue workers were still searching the rubble of two collapsed apartment blocks in the city centre."],
    "de": ["Bei dem Erdbeben sind nach Angaben der Behörden mindestens 41 Menschen ums Leben gekommen und 230 verletzt worden.",
           "Die Rettungskräfte suchten am Montag weiter in den Trümmern von zwei eingestürzten Wohnhäusern."],
    "pl": ["W trzęsieniu ziemi zginęło co najmniej 41 osób, a 230 zostało rannych w regionie przybrzeżnym, poinformowały władze.",
           "Ratownicy w poniedziałek nadal przeszukiwali gruzy dwóch zawalonych bloków mieszkalnych w centrum miasta."],
    "tr": ["Deprem bölgesinde hayatını kaybedenlerin sayısı 41'e yükseldi, 230 kişi de yaralandı.",
           "Arama kurtarma ekipleri şehir merkezinde yıkılan iki binanın enkazında çalışmalarını sürdürüyor."],
    "fr": ["Le séisme a fait au moins 41 morts et 230 blessés dans la région côtière, ont indiqué lundi les autorités.",
           "Les secouristes fouillaient toujours les décombres de deux immeubles effondrés dans le centre-ville."],
    "es": ["El terremoto causó al menos 41 muertos y 230 heridos en la región costera, informaron el lunes las autoridades.",
           "Los equipos de rescate seguían buscando entre los escombros de dos edificios derrumbados en el centro de la ciudad."],
    "ru": ["В результате землетрясения погибли по меньшей мере 41 человек, еще 230 получили ранения, сообщили в понедельник власти.",
           "Спасатели продолжали разбирать завалы двух обрушившихся жилых домов в центре города."],
    "uk": ["Унаслідок землетрусу загинули щонайменше 41 людина, ще 230 отримали поранення, повідомила у понеділок влада.",
           "Рятувальники продовжували розбирати завали двох зруйнованих житлових будинків у центрі міста."],
    "ar": ["قالت السلطات يوم الاثنين إن الزلزال أسفر عن مقتل 41 شخصا على الأقل وإصابة 230 آخرين في المنطقة الساحلية.",
           "وواصل عمال الإنقاذ البحث بين أنقاض مبنيين سكنيين انهارا في وسط المدينة."],
    "pt": ["O terremoto matou pelo menos 41 pessoas e deixou 230 feridos na região costeira, informaram as autoridades na segunda-feira.",
           "As equipes de resgate continuavam a procurar sobreviventes nos escombros de dois prédios que desabaram no centro."],
    "it": ["Il terremoto ha causato almeno 41 morti e 230 feriti nella regione costiera, hanno riferito lunedì le autorità.",
           "I soccorritori continuavano a scavare tra le macerie di due palazzi crollati nel centro della città."],
    "nl": ["Bij de aardbeving zijn volgens de autoriteiten ten minste 41 mensen om het leven gekomen en 230 gewond geraakt.",
           "Reddingswerkers zochten maandag nog in het puin van twee ingestorte flatgebouwen in het centrum van de stad."],
}

# site notices as news sites word them (none of them is a text of the corpus)
MIDDLE_NOTICES = {
    "de": "Wir verwenden Cookies und ähnliche Technologien, um Inhalte zu personalisieren und die Zugriffe auf unsere "
          "Website zu analysieren.",
    "pl": "Ta strona korzysta z ciasteczek, aby świadczyć usługi na najwyższym poziomie. Dalsze korzystanie ze strony "
          "oznacza, że zgadzasz się na ich użycie.",
    "fr": "Ce site utilise des traceurs pour mesurer l'audience et vous proposer des contenus adaptés. Vous pouvez "
          "modifier vos choix à tout moment depuis la page « Gestion des cookies ».",
    "es": "Esta web utiliza cookies propias y de terceros para su correcto funcionamiento y para fines analíticos. Puede "
          "cambiar la configuración u obtener más información en nuestra política de cookies.",
    "ru": "Этот сайт использует файлы cookie для улучшения работы и анализа посещаемости. Подробнее — в политике "
          "конфиденциальности.",
    "uk": "Сайт використовує файли cookie, щоб зробити роботу зручнішою. Ви можете вимкнути їх у налаштуваннях браузера.",
    "ar": "يستخدم الموقع ملفات تعريف الارتباط لتقديم خدمة أفضل. يمكنك تعطيلها من إعدادات المتصفح.",
    "pt": "Este portal usa cookies para melhorar a navegação e analisar o tráfego. Você pode alterar as configurações no "
          "seu navegador.",
    "it": "Il sito impiega cookie tecnici e analitici per offrirti una migliore esperienza. Scopri di più nell'informativa.",
    "nl": "Wij gebruiken cookies en vergelijkbare technieken om de website te verbeteren en advertenties te "
          "personaliseren.",
    "tr": "Bu web sitesinde deneyiminizi iyileştirmek ve site trafiğini analiz etmek için çerezler kullanılmaktadır. "
          "Detaylı bilgi için çerez politikamızı inceleyebilirsiniz.",
    "en": "We and our partners store and access information on your device, such as cookies, to personalise ads and "
          "content and to measure audiences.",
}
ISSUE_NOTICES = {
    "de": MIDDLE_NOTICES["de"],
    "pl": "Ta strona korzysta z plików cookies w celu zapewnienia wygody użytkowników. Dalsze korzystanie ze strony "
          "oznacza, że zgadzasz się na ich użycie.",
}


@pytest.mark.parametrize("language", sorted(MIDDLE_NOTICES))
def test_notice_in_the_middle_of_a_same_language_article(language: str) -> None:
    article = ARTICLES[language]
    kept, removed = drop_consent_paragraphs("\n".join([article[0], MIDDLE_NOTICES[language], article[1]]), language)
    assert kept == "\n".join(article)
    assert [(r.layer, r.rule, r.text) for r in removed] == [("text", "text-classifier", MIDDLE_NOTICES[language])]


@pytest.mark.parametrize("language", ["de", "pl"])
def test_issue_examples_anywhere_in_a_same_language_article(language: str) -> None:
    """The German and Polish notices of issue 29, at every position of an article in their language."""
    article = [*ARTICLES[language], ARTICLES[language][0]]
    for position in range(len(article) + 1):
        paragraphs = article[:position] + [ISSUE_NOTICES[language]] + article[position:]
        kept, removed = drop_consent_paragraphs("\n".join(paragraphs), language)
        assert kept == "\n".join(article)
        assert [r.text for r in removed] == [ISSUE_NOTICES[language]]


# placeholders of blocked embeds: the issue's, and others as sites word them
PLACEHOLDERS = [
    ("de", ["Externer Inhalt",
            "Ich bin damit einverstanden, dass mir externe Inhalte angezeigt werden. Damit können personenbezogene "
            "Daten an Drittplattformen übermittelt werden. Mehr dazu in unserer Datenschutzerklärung."]),
    ("de", ["Ein Klick für den Datenschutz",
            "Deine Privatsphäre-Einstellungen verhindern das Laden und Anzeigen aller externen Inhalte. Erst wenn du "
            "zustimmst, werden Daten an den Anbieter übermittelt."]),
    ("en", ["I agree to be shown external content. Personal data may be transmitted to third-party platforms when "
            "external content is loaded. See our privacy policy."]),
    ("en", ["Your privacy settings prevent loading of external content. Click here to load the content from YouTube "
            "once."]),
    ("fr", ["Ce contenu est bloqué. En acceptant les cookies de YouTube, vous consentez au dépôt de cookies par ce "
            "service tiers pour afficher la vidéo."]),
    ("tr", ["Bu içerik üçüncü taraf bir platformdan yüklenmektedir. Görüntülemek için çerezleri kabul etmeniz gerekir."]),
    ("ar", ["هذا المحتوى مستضاف لدى طرف ثالث. لعرضه، يرجى قبول ملفات تعريف الارتباط."]),
    ("ru", ["Этот материал размещен на стороннем сервисе. Чтобы его увидеть, разрешите использование файлов cookie."]),
    ("uk", ["Цей матеріал розміщено на сторонньому сервісі. Щоб його переглянути, дозвольте використання файлів cookie."]),
]


@pytest.mark.parametrize(("language", "placeholder"), PLACEHOLDERS,
                         ids=[f"{language}-{i}" for i, (language, _) in enumerate(PLACEHOLDERS)])
def test_embed_placeholder_in_the_middle_is_dropped(language: str, placeholder: list[str]) -> None:
    article = ARTICLES[language]
    kept, removed = drop_consent_paragraphs("\n".join([article[0], *placeholder, article[1]]), language)
    assert kept == "\n".join(article)
    assert [r.text for r in removed] == placeholder


def test_embed_placeholder_at_the_end_is_dropped() -> None:
    article = ARTICLES["en"]
    placeholder = PLACEHOLDERS[3][1]
    kept, removed = drop_consent_paragraphs("\n".join([*article, *placeholder]), "en")
    assert kept == "\n".join(article)
    assert [r.text for r in removed] == placeholder


# notices in the languages with the fewest corpus texts, as news sites word them, for a second wording each
MORE_NOTICES = {
    "tr": "Sitemizde size daha iyi hizmet sunabilmek için çerezler kullanıyoruz. Sitemizi kullanmaya devam ederek "
          "çerez kullanımını kabul etmiş olursunuz. Ayrıntılı bilgi için Çerez Politikamızı inceleyebilirsiniz.",
    "ar": "نستخدم ملفات تعريف الارتباط لتحسين تجربتك على موقعنا وتحليل حركة الزيارات. بمواصلة التصفح، فإنك توافق على "
          "استخدامنا لملفات تعريف الارتباط وفقا لسياسة الخصوصية.",
    "ru": "Мы используем файлы cookie, чтобы сайт работал лучше и чтобы анализировать посещаемость. Продолжая "
          "пользоваться сайтом, вы соглашаетесь с использованием файлов cookie.",
    "uk": "Ми використовуємо файли cookie, щоб покращити роботу сайту та аналізувати відвідуваність. Продовжуючи "
          "користуватися сайтом, ви погоджуєтеся з використанням файлів cookie.",
}


@pytest.mark.parametrize("language", sorted(MORE_NOTICES))
def test_second_wording_in_the_middle_of_a_same_language_article(language: str) -> None:
    article = ARTICLES[language]
    kept, removed = drop_consent_paragraphs("\n".join([article[0], MORE_NOTICES[language], article[1]]), language)
    assert kept == "\n".join(article)
    assert [r.text for r in removed] == [MORE_NOTICES[language]]


def test_notices_of_these_tests_are_not_corpus_texts() -> None:
    """The layer is tested on wordings it did not learn: no notice paragraph here (of seven words or more; a
    placeholder's heading may be a tool's) is part of a text of the corpus."""
    corpus = {json.loads(line)["text"] for path in (MODEL_FILE.parent / "corpus").glob("*.jsonl")
              for line in path.read_text(encoding="utf-8").splitlines()}
    notices = [*MIDDLE_NOTICES.values(), *MORE_NOTICES.values(),
               *(text for _, placeholder in PLACEHOLDERS for text in placeholder)]
    assert not [notice for notice in notices if len(notice.split()) >= 7 and any(notice in text for text in corpus)]


NEWSLETTERS = [
    ["Sign up for our daily push alerts to get breaking news as it happens."],
    ["Sign up for AP's weekly politics newsletter to get it in your inbox every Monday."],
    ["Get the latest headlines delivered to your inbox every morning. Subscribe to our free newsletter."],
]


@pytest.mark.parametrize("prompt", NEWSLETTERS, ids=["push-alerts", "ap-politics", "morning-headlines"])
def test_newsletter_prompt_in_the_middle_is_dropped(prompt: list[str]) -> None:
    article = ARTICLES["en"]
    kept, removed = drop_consent_paragraphs("\n".join([article[0], *prompt, article[1]]), "en")
    assert kept == "\n".join(article)
    assert [(r.rule, r.text) for r in removed] == [("text-newsletter", p) for p in prompt]


def test_newsletter_prompt_at_the_end_goes_with_its_button() -> None:
    article = ARTICLES["en"]
    kept, removed = drop_consent_paragraphs("\n".join([*article, "Sign up for our newsletter", "Subscribe"]), "en")
    assert kept == "\n".join(article)
    assert [r.text for r in removed] == ["Sign up for our newsletter", "Subscribe"]


# articles about cookies, consent and newsletters keep every paragraph
ABOUT_CONSENT_DE = [
    "Die Datenschutzkonferenz hat am Dienstag neue Regeln für Cookie-Banner vorgestellt, die Websites zu einer "
    "echten Wahl zwingen sollen.",
    "Künftig müsse die Ablehnung aller Cookies ebenso einfach sein wie die Zustimmung, sagte die Vorsitzende der "
    "Konferenz in Berlin.",
    "Verbraucherschützer begrüßten die Entscheidung, Werbeverbände kritisierten dagegen hohe Kosten für kleinere "
    "Verlage.",
]
ABOUT_NEWSLETTERS = [
    "Newsletters have become a lifeline for local newsrooms: more readers now sign up for email briefings than "
    "pay for print subscriptions, a study found.",
    "The report, which surveyed 300 publishers, said newsletter subscribers were three times as likely to become "
    "paying members.",
    "Editors said the shift had changed how stories were written, with shorter summaries aimed at readers' inboxes.",
]


ABOUT_CONSENT = {
    "tr": ["Kişisel Verileri Koruma Kurulu, internet sitelerinin çerez kullanımına ilişkin yeni rehberini salı günü "
           "Ankara'da yayımladı.",
           "Rehbere göre siteler, zorunlu olmayan çerezler için kullanıcıların açık rızasını almak zorunda olacak; "
           "reddetme seçeneği de kabul etmek kadar kolay sunulacak.",
           "Kurul Başkanı, geçen yıl yapılan denetimlerde sitelerin yarısından fazlasının çerez bildirimlerinde "
           "kullanıcıları yanılttığını söyledi.",
           "Tüketici dernekleri kararı memnuniyetle karşılarken reklam sektörü temsilcileri küçük yayıncılar için "
           "maliyetlerin artacağını söyledi."],
    "ru": ["Роскомнадзор во вторник опубликовал новые требования к использованию файлов cookie на российских сайтах.",
           "По словам представителей ведомства, владельцы сайтов должны будут получать согласие пользователей на "
           "обработку персональных данных, а отказ от необязательных cookie должен быть таким же простым, как согласие.",
           "Проверки прошлого года показали, что более половины крупных сайтов собирали данные посетителей через "
           "cookie без их ведома, сообщили в ведомстве.",
           "Участники рекламного рынка раскритиковали решение, заявив, что оно приведет к росту расходов небольших "
           "изданий."],
    "uk": ["Верховна Рада ухвалила в першому читанні законопроєкт про захист персональних даних, який регулює "
           "використання файлів cookie.",
           "Згідно з документом, сайти мають отримувати згоду користувачів на необов'язкові файли cookie, а відмова "
           "має бути такою ж простою, як і згода.",
           "За даними уповноваженого з прав людини, торік понад половина перевірених сайтів збирала дані відвідувачів "
           "через cookie без їхнього відома.",
           "Представники рекламного ринку заявили, що нові правила збільшать витрати невеликих видань."],
    "ar": ["أصدرت الهيئة الوطنية لحماية البيانات يوم الثلاثاء قواعد جديدة تنظم استخدام المواقع الإلكترونية لملفات "
           "تعريف الارتباط.",
           "وبموجب القواعد الجديدة، يتعين على المواقع الحصول على موافقة المستخدمين قبل تخزين ملفات تعريف الارتباط غير "
           "الضرورية، على أن يكون الرفض بسهولة القبول.",
           "وقال رئيس الهيئة إن عمليات التفتيش العام الماضي أظهرت أن أكثر من نصف المواقع جمعت بيانات الزوار عبر ملفات "
           "تعريف الارتباط دون علمهم.",
           "ورحبت جمعيات حماية المستهلك بالقرار، بينما قال ممثلو قطاع الإعلانات إنه سيرفع التكاليف على الناشرين الصغار."],
}


@pytest.mark.parametrize(("language", "paragraphs"),
                         [("de", ABOUT_CONSENT_DE), ("en", ABOUT_NEWSLETTERS), *ABOUT_CONSENT.items()],
                         ids=["cookie-rules-de", "newsletters-en", *(f"cookie-rules-{lang}" for lang in ABOUT_CONSENT)])
def test_article_about_consent_or_newsletters_keeps_every_paragraph(language: str, paragraphs: list[str]) -> None:
    text = "\n".join(paragraphs)
    assert drop_consent_paragraphs(text, language) == (text, [])


def test_looks_like_notice_is_about_consent_not_newsletters() -> None:
    assert looks_like_notice(MIDDLE_NOTICES["pl"])
    assert not looks_like_notice(NEWSLETTERS[2][0])


def test_model_knows_the_languages_tollwatch_reads() -> None:
    table = model()
    for language, (first, second) in ARTICLES.items():
        assert guess_language(words(first + " " + second), table) == language


# notices of a single sentence with a few hits at a fair mean: unmistakable at the plain level (no digits),
# short of the strong, dense and long ones
PLAIN_NOTICES = [
    ("en", "You can change your cookie settings at any time on this page."),
    ("fr", "Votre choix sera conservé pendant six mois."),
]


@pytest.mark.parametrize(("language", "notice"), PLAIN_NOTICES, ids=[language for language, _ in PLAIN_NOTICES])
def test_plain_notice_in_the_middle_is_dropped(language: str, notice: str) -> None:
    article = ARTICLES[language]
    kept, removed = drop_consent_paragraphs("\n".join([article[0], notice, article[1]]), language)
    assert kept == "\n".join(article)
    assert [r.text for r in removed] == [notice]


def test_news_sentence_about_cookie_settings_with_a_figure_stays_in_the_middle() -> None:
    article = ARTICLES["en"]
    text = "\n".join([article[0], "Since May 2021, users can change their cookie settings at any time.", article[1]])
    assert drop_consent_paragraphs(text, "en") == (text, [])


def test_quick_rejection_limits_are_the_least_of_the_levels() -> None:
    """reads_as turns down a paragraph under the least sum or hits of all levels before looking at each: those
    must be the minima, or a notice that one level would take is lost."""
    for limits in model().thresholds:
        levels = (limits.notice, limits.strong, limits.dense, limits.long, limits.plain)
        assert limits.least_sum == min(level.sum for level in levels)
        assert limits.least_hits == min(level.hits for level in levels)


# a page whose paragraphs trafilatura joins into one line: over a hundred words of news around a notice
LONG_LINE_NEWS = [
    "The earthquake killed at least 41 people and injured 230 others in the coastal region, officials said on Monday.",
    "Rescue workers were still searching the rubble of two collapsed apartment blocks in the city centre.",
    "The governor said schools would stay closed for the rest of the week while engineers inspected their walls.",
    "Aftershocks shook the area through the night, and many families slept in their cars or in tents set up in parks.",
    "Hospitals in the neighbouring province took in dozens of the injured after the main clinic lost power.",
    "Officials said the port, which handles most of the region's grain exports, had reopened on Tuesday morning.",
    "The national weather service warned of heavy rain later in the week, which could hamper the search.",
]
INLINE_NOTICE = ("This site uses cookies to remember your preferences and to measure traffic. You can change your "
                 "cookie settings at any time.")


def test_notice_inside_a_long_line_is_cut_out() -> None:
    line = " ".join([*LONG_LINE_NEWS[:4], INLINE_NOTICE, *LONG_LINE_NEWS[4:]])
    assert len(line.split()) > 100
    kept, removed = drop_consent_paragraphs(line, "en")
    assert kept == " ".join(LONG_LINE_NEWS)
    assert [(r.rule, r.text) for r in removed] == [("text-classifier", INLINE_NOTICE)]


def test_notice_without_a_full_stop_inside_a_long_line_is_cut_out() -> None:
    """The notice runs into the article's next sentence: its words are cut out from the start of its sentence."""
    notice = "This site uses cookies to remember your preferences and to measure traffic"
    line = " ".join([*LONG_LINE_NEWS[:4], notice, *LONG_LINE_NEWS[4:]])
    kept, removed = drop_consent_paragraphs(line, "en")
    assert kept == " ".join(LONG_LINE_NEWS)
    assert [r.text for r in removed] == [notice]


def test_notice_in_another_language_inside_a_long_line_is_cut_out() -> None:
    """A notice in another language than the line, with no sentence of its own, is cut out by its words."""
    notice = "Мы используем файлы cookie для анализа посещаемости и персонализации рекламы"
    line = " ".join([*LONG_LINE_NEWS[:3], LONG_LINE_NEWS[3].rstrip("."), notice, *LONG_LINE_NEWS[4:]])
    kept, removed = drop_consent_paragraphs(line, "en")
    assert kept == " ".join([*LONG_LINE_NEWS[:3], LONG_LINE_NEWS[3].rstrip("."), *LONG_LINE_NEWS[4:]])
    assert [r.text for r in removed] == [notice]


def test_long_line_of_news_about_cookies_keeps_its_sentences() -> None:
    line = " ".join([
        *LONG_LINE_NEWS[:3],
        "Separately, the data protection authority fined a retailer for setting advertising cookies on its website "
        "before visitors had agreed to them.",
        "The retailer said it would appeal and that its consent banner met the rules in force at the time.",
        *LONG_LINE_NEWS[3:],
    ])
    assert drop_consent_paragraphs(line, "en") == (line, [])


# a notice at the notice level only (not unmistakable): dropped at the edge of the article, which may have one
# paragraph (a lead, a closing line outside the article's container) beyond it, not deeper in the middle
EDGE_NOTICE = "You can change your cookie settings at any time in the footer of this page."


def test_notice_after_the_lead_paragraph_is_dropped() -> None:
    paragraphs = [LONG_LINE_NEWS[0], EDGE_NOTICE, *LONG_LINE_NEWS[1:5]]
    kept, removed = drop_consent_paragraphs("\n".join(paragraphs), "en")
    assert kept == "\n".join(LONG_LINE_NEWS[:5])
    assert [r.text for r in removed] == [EDGE_NOTICE]


def test_notice_before_the_closing_paragraph_is_dropped() -> None:
    paragraphs = [*LONG_LINE_NEWS[:4], EDGE_NOTICE, LONG_LINE_NEWS[4]]
    kept, removed = drop_consent_paragraphs("\n".join(paragraphs), "en")
    assert kept == "\n".join(LONG_LINE_NEWS[:5])
    assert [r.text for r in removed] == [EDGE_NOTICE]


# deeper in the middle, a paragraph's hits (its words typical of notices) tell a notice from news: a notice's are
# foreign to the article around it, a news paragraph shares its subject's words with the rest of its article
WEB_DESIGN_NEWS = [
    "The agency, founded in 2009, builds websites for museums and small publishers across the region.",
    "Its designers said most clients now ask to customize every part of their web pages themselves.",
    "Customize Web Pages",
    "The studio's new editor lets staff move blocks around a page and change its settings without writing code.",
    "Visitors stay longer on pages that load quickly, the agency's own measurements over two years suggest.",
    "The company plans to hire twelve more developers next year and to open an office in Lisbon.",
]


def test_notice_level_paragraph_foreign_to_the_article_is_dropped_in_the_middle() -> None:
    """None of the notice's hits ("cookie", "settings", "page") is a word of the earthquake report around it."""
    paragraphs = [*LONG_LINE_NEWS[:3], EDGE_NOTICE, *LONG_LINE_NEWS[3:6]]
    kept, removed = drop_consent_paragraphs("\n".join(paragraphs), "en")
    assert kept == "\n".join(LONG_LINE_NEWS[:6])
    assert [r.text for r in removed] == [EDGE_NOTICE]


def test_notice_level_paragraph_sharing_one_of_many_hits_with_the_article_is_dropped_in_the_middle() -> None:
    """One of the notice's five hits ("website") is a word of the article: a notice may share a common word with
    it, a news paragraph shares more of its hits with the rest of its article."""
    notice = "Optional services of this website are switched on after your selection in the privacy centre."
    article = [*LONG_LINE_NEWS[:3], "The city's website listed the shelters that would stay open for the night.",
               *LONG_LINE_NEWS[3:6]]
    kept, removed = drop_consent_paragraphs("\n".join([*article[:4], notice, *article[4:]]), "en")
    assert kept == "\n".join(article)
    assert [r.text for r in removed] == [notice]


def test_notice_level_paragraph_with_a_figure_stays_in_the_middle() -> None:
    notice = "You can change your cookie settings at any time in the footer of page 2."
    text = "\n".join([*LONG_LINE_NEWS[:3], notice, *LONG_LINE_NEWS[3:6]])
    assert drop_consent_paragraphs(text, "en") == (text, [])


def test_notice_level_paragraph_whose_hits_the_article_uses_stays_in_the_middle() -> None:
    """A paragraph at the notice level deep in an article that uses one of its hits ("page") may be news."""
    text = "\n".join([*WEB_DESIGN_NEWS[:2], EDGE_NOTICE, *WEB_DESIGN_NEWS[3:]])
    assert drop_consent_paragraphs(text, "en") == (text, [])


def test_unmistakable_heading_whose_hits_the_article_uses_stays_in_the_middle() -> None:
    """"Customize Web Pages" is dense in consent vocabulary ("customize", "web"), and the article uses both words:
    a heading of the article, not a notice."""
    text = "\n".join(WEB_DESIGN_NEWS)
    assert drop_consent_paragraphs(text, "en") == (text, [])


def test_unmistakable_notice_whose_hits_the_article_uses_is_still_dropped_at_the_edge() -> None:
    text = "\n".join(WEB_DESIGN_NEWS[3:] + [WEB_DESIGN_NEWS[2]])
    kept, removed = drop_consent_paragraphs(text, "en")
    assert kept == "\n".join(WEB_DESIGN_NEWS[3:])
    assert [r.text for r in removed] == [WEB_DESIGN_NEWS[2]]


# below the notice level (a mean under the notice level's), a placeholder whose hits ("show", "load", "youtube")
# the article around it does not use
QUIET_PLACEHOLDER = "We would like to show you a video from YouTube here. Do you want to load it?"
VIDEO_NEWS = [
    "The band released the video on its YouTube channel on Friday, a week before the album comes out.",
    "It was filmed in a single take in a disused factory on the edge of the city, the singer said.",
    "Fans will be able to see the band live at the festival in August, the first show of a long tour.",
    "The album was recorded in three weeks last winter, and the band produced it themselves.",
]


def test_placeholder_below_the_notice_level_foreign_to_the_article_is_dropped() -> None:
    paragraphs = [*LONG_LINE_NEWS[:3], QUIET_PLACEHOLDER, *LONG_LINE_NEWS[3:6]]
    kept, removed = drop_consent_paragraphs("\n".join(paragraphs), "en")
    assert kept == "\n".join(LONG_LINE_NEWS[:6])
    assert [(r.rule, r.text) for r in removed] == [("text-classifier", QUIET_PLACEHOLDER)]


def test_paragraph_below_the_notice_level_whose_hits_the_article_uses_stays() -> None:
    text = "\n".join([*VIDEO_NEWS[:2], QUIET_PLACEHOLDER, *VIDEO_NEWS[2:]])
    assert drop_consent_paragraphs(text, "en") == (text, [])


def test_paragraph_below_the_notice_level_in_an_article_about_consent_stays() -> None:
    text = "\n".join([*ABOUT_CONSENT_DE[:2], "Wir würden Ihnen hier gerne ein Video von YouTube zeigen.",
                      *ABOUT_CONSENT_DE[2:]])
    assert drop_consent_paragraphs(text, "de") == (text, [])
