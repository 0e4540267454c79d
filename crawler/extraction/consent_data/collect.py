"""Collect the consent-text corpus into corpus/<source>.jsonl: open-source consent tools' texts and
real newsletter prompts.

Run rarely, from the repository root: `.venv/bin/python crawler/extraction/consent_data/collect.py`. It
fetches each pinned package with its registry's own client (`npm pack`, `pip download`), reads the
translated banner texts (JavaScript modules through `node`), and writes one line per text:
{"lang", "kind", "key", "text"}; kind is "consent" (banner, preferences, buttons) or "embed" (the
placeholder of a blocked embed). Untranslated strings (a language's text equal to the English one, or
another language's text copied under the same key) are left out; each package's licence file, where it ships one, goes to corpus/licences/. Newsletter prompts (kind "newsletter") are the sign-up boilerplate that the WCXB ground truth
of ../shared/corpora lists as not part of a page, from its training half only. The sources, versions and
licences are listed in README.md beside this file.
"""

from __future__ import annotations

import ast
import json
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[2]))
CORPUS = HERE / "corpus"
WCXB = HERE.parents[2].parent / "shared" / "corpora" / "wcxb-dev"
# labels a WCXB boilerplate snippet as a newsletter or sign-up prompt
PROMPT = re.compile(r"newsletter|sign ?up|subscribe|inbox|push alert|e-?mail (?:updates|alerts|briefing)"
                    r"|delivered to your", re.I)
NOT_PROMPT = re.compile(r"agreement|unsubscribe", re.I)
MAX_PROMPT_WORDS = 60
TAG = re.compile(r"<[^>]+>")
PLACEHOLDER = re.compile(r"\{\{?[^}]*\}\}?|%\d|%s")
# language codes of the tools mapped to ISO 639-1
LANGUAGE_ALIASES = {"cn": "zh", "se": "sv", "pt_br": "pt", "pt-br": "pt", "sr_cyrl": "sr", "no": "nb", "cz": "cs", "gr": "el",
                    "rs": "sr"}

Text = tuple[str, str, str, str]  # lang, kind, key, text


@dataclass(frozen=True)
class Source:
    """One pinned package and how to read its texts from the unpacked package directory."""

    name: str
    registry: str  # "npm" or "pypi"
    package: str
    version: str
    licence: str
    read: Callable[[Path], Iterator[Text]]


def _flatten(value: object, prefix: str = "") -> Iterator[tuple[str, str]]:
    """(dotted key, string) pairs of a nested dict."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _flatten(item, f"{prefix}.{key}" if prefix else str(key))
    elif isinstance(value, str):
        yield prefix, value


def _node_json(script: str, cwd: Path) -> object:
    """Run an ES module script with node and parse the JSON it prints."""
    path = cwd / "dump.mjs"
    path.write_text(script, encoding="utf-8")
    return json.loads(subprocess.run(["node", str(path)], cwd=cwd, check=True, capture_output=True, text=True).stdout)


def _po_pairs(text: str) -> Iterator[tuple[str, str]]:
    """(msgid, msgstr) pairs of a gettext catalogue, continuation lines joined."""
    pairs = re.findall(r'^msgid ((?:".*"\n)+)msgstr ((?:".*"\n?)+)', text, flags=re.M)
    for msgid, msgstr in pairs:
        def join(block: str) -> str:
            return "".join(json.loads(line) for line in block.strip().split("\n"))
        yield join(msgid), join(msgstr)


def read_klaro(root: Path) -> Iterator[Text]:
    """klaro: src/translations/<lang>.yml; contextualConsent is the blocked-embed placeholder."""
    for path in sorted((root / "src" / "translations").glob("*.yml")):
        if path.stem.endswith(".ref"):
            continue
        for key, text in _flatten(yaml.safe_load(path.read_text(encoding="utf-8"))):
            if not key.endswith("_en"):
                yield path.stem, "embed" if key.startswith("contextualConsent") else "consent", key, text


def read_tarteaucitron(root: Path) -> Iterator[Text]:
    """tarteaucitron: lang/tarteaucitron.<lang>.js assigns `tarteaucitron.lang`; a blocked embed shows
    the service's name, `fallback` and the `allow` button."""
    script = """import fs from "fs"; const out = {};
for (const file of fs.readdirSync("lang")) {
  const m = file.match(/^tarteaucitron\\.(\\w+)\\.js$/); if (!m) continue;
  const tarteaucitron = {}; eval(fs.readFileSync("lang/" + file, "utf8")); out[m[1]] = tarteaucitron.lang;
}
console.log(JSON.stringify(out));"""
    for lang, table in _node_json(script, root).items():
        for key, text in _flatten(table):
            yield lang, "consent", key, text
        if table.get("alertBigClick") and table.get("alertBig"):
            yield lang, "consent", "alertBigClick+alertBig", f"{table['alertBigClick']} {table['alertBig']}"
        if table.get("fallback"):
            yield lang, "embed", "fallback+allow", f"YouTube {table['fallback']} {table.get('allow', '')}"


def read_c15t(root: Path) -> Iterator[Text]:
    """c15t: dist/all.js exports baseTranslations per language; `frame` is the blocked-embed placeholder."""
    tables = _node_json('import { baseTranslations } from "./dist/all.js";\n'
                        "console.log(JSON.stringify(baseTranslations));", root)
    for lang, table in tables.items():
        for key, text in _flatten(table):
            yield lang, "embed" if key.startswith("frame.") else "consent", key, text


def read_68publishers(root: Path) -> Iterator[Text]:
    """@68publishers/cookie-consent: src/resources/translations/<lang>.json."""
    for path in sorted((root / "src" / "resources" / "translations").glob("*.json")):
        for key, text in _flatten(json.loads(path.read_text(encoding="utf-8"))):
            yield path.stem, "consent", key, text


def read_pie(root: Path) -> Iterator[Text]:
    """@justeattakeaway/pie-cookie-banner: locales/<lang>.js default-export the texts."""
    script = """import fs from "fs"; const out = {};
for (const file of fs.readdirSync("locales")) {
  if (file.endsWith(".js")) out[file.slice(0, -3)] = (await import("./locales/" + file)).default;
}
console.log(JSON.stringify(out));"""
    for lang, table in _node_json(script, root).items():
        for key, text in _flatten(table):
            yield lang, "consent", key, text


def read_vue_privacy(root: Path) -> Iterator[Text]:
    """@structured-world/vue-privacy: the bundle's locale getter (exported as `g`) per language."""
    bundle = next((root / "dist").glob("index-*.js")).name
    languages = ["en", "de", "fr", "es", "it", "pt", "nl", "pl", "ru", "uk", "ja", "zh", "ko"]
    script = (f'import {{ g }} from "./dist/{bundle}"; const out = {{}};\n'
              f"for (const l of {json.dumps(languages)}) out[l] = g(l);\nconsole.log(JSON.stringify(out));")
    for lang, table in _node_json(script, root).items():
        for key, text in _flatten(table):
            yield lang, "consent", key, text


def read_cookie_notice(root: Path) -> Iterator[Text]:
    """cookie-notice: the `messageLocales` and `learnMoreLinkText` defaults of src/cookie.notice.js."""
    source = (root / "src" / "cookie.notice.js").read_text(encoding="utf-8")
    for block in ("messageLocales", "learnMoreLinkText"):
        body = re.search(block + r":\s*\{(.*?)\n\s*\}", source, flags=re.S).group(1)
        for lang, text in re.findall(r"(\w\w): '((?:[^'\\]|\\.)*)'", body):
            yield lang, "consent", block, text.replace("\\'", "'")


def read_volto(root: Path) -> Iterator[Text]:
    """@kitconcept/volto-dsgvo-banner: locales/<lang>/LC_MESSAGES/volto.po (English texts are the msgids)."""
    for path in sorted((root / "locales").glob("*/LC_MESSAGES/volto.po")):
        lang = path.parent.parent.name
        for msgid, msgstr in _po_pairs(path.read_text(encoding="utf-8")):
            text = msgstr or (msgid if lang == "en" else "")
            if msgid and text:
                yield lang, "embed" if "view this content" in msgid else "consent", msgid, text


def read_django_cookie_law(root: Path) -> Iterator[Text]:
    """django-cookie-law: cookielaw/locale/<lang>/LC_MESSAGES/django.po."""
    for path in sorted(root.glob("cookielaw/locale/*/LC_MESSAGES/django.po")):
        for msgid, msgstr in _po_pairs(path.read_text(encoding="utf-8")):
            if msgid and msgstr:
                yield path.parent.parent.name, "consent", msgid, msgstr


def _object_literal(source: str, anchor: str) -> str:
    """The JavaScript object literal around the first occurrence of `anchor` (which starts one of its
    entries), from its opening to its closing brace."""
    start = source.rindex("{", 0, source.index(anchor))
    depth, quote, i = 0, "", start
    while True:
        char = source[i]
        if quote:
            if char == "\\":
                i += 1
            elif char == quote:
                quote = ""
        elif char in "\"'`":
            quote = char
        elif char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0:
                return source[start:i + 1]
        i += 1


def read_nuxt_cookie_control(root: Path) -> Iterator[Text]:
    """@dargmuesli/nuxt-cookie-control: dist/runtime/locale/<lang>.js default-export the texts;
    `iframeBlocked` is the blocked-embed placeholder."""
    script = """import fs from "fs"; const out = {}; const dir = "dist/runtime/locale/";
for (const file of fs.readdirSync(dir)) {
  if (file.endsWith(".js") && file !== "index.js") out[file.slice(0, -3)] = (await import("./" + dir + file)).default;
}
console.log(JSON.stringify(out));"""
    for lang, table in _node_json(script, root).items():
        for key, text in _flatten(table):
            yield lang, "embed" if key == "iframeBlocked" else "consent", key, text


def read_cookie_consent_js(root: Path) -> Iterator[Text]:
    """cookie-consent-js (shaack): cookie-consent-content/<lang>.json; the body names the privacy policy
    where it says --privacy-policy--."""
    for path in sorted((root / "cookie-consent-content").glob("*.json")):
        table = json.loads(path.read_text(encoding="utf-8"))
        for key, text in _flatten(table):
            yield path.stem, "consent", key, text.replace("--privacy-policy--", table.get("privacyPolicy", ""))


def read_synapxlab(root: Path) -> Iterator[Text]:
    """@synapxlab/cookie-consent: the bundle's table of texts per language (the object literal whose
    entries start `en:{code:"en"`); `[company.name]` is the site's name."""
    literal = _object_literal((root / "dist" / "cookie.js").read_text(encoding="utf-8"), 'en:{code:"en"')
    tables = _node_json(f"console.log(JSON.stringify({literal}));", root)
    for lang, table in tables.items():
        for key, text in _flatten(table):
            if key not in ("code", "label", "dir"):
                yield lang, "consent", key, text.replace("[company.name]", "").replace("\u200e", "")


def read_lmc(root: Path) -> Iterator[Text]:
    """@lmc-eu/cookie-consent-manager: each `src/languages/<lang>.ts` section of the unminified bundle
    defines a function returning the texts; the sections run with the bundle's own helpers (its opening
    lines and `src/` sections, without the bundled browser library)."""
    script = """import fs from "fs";
const source = fs.readFileSync("LmcCookieConsentManager.mjs", "utf8");
const body = source.slice(0, source.indexOf("\\n// "))
  + source.slice(source.indexOf("// src/types/"), source.indexOf("// src/languages/loader.ts"));
const languages = [...body.matchAll(/\\/\\/ src\\/languages\\/(\\w+)\\.ts\\n[\\s\\S]*?var (config\\d*) =/g)];
const configs = new Function(body + "return {" + languages.map(m => m[1] + ": " + m[2]).join(", ") + "};")();
const out = {};
for (const [lang, config] of Object.entries(configs)) out[lang] = config({ companyNames: ["Alma Career"] }, "acceptNecessary", {});
console.log(JSON.stringify(out));"""
    for lang, table in _node_json(script, root).items():
        for key, text in _flatten(table):
            if not key.endswith(("role", "value")):
                yield lang, "consent", key, text


def _string_value(node: ast.expr) -> str | None:
    """A string literal, bare or wrapped in gettext's `_()`."""
    if isinstance(node, ast.Call) and len(node.args) == 1:
        node = node.args[0]
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def read_django_cookies_152fz(root: Path) -> Iterator[Text]:
    """django-cookies-152fz: the banner texts of models.py, written in Russian (the default) and in the
    presets named `COOKIE_BANNER_TEXT_PRESET_<LANG>_<STYLE>`."""
    tree = ast.parse((root / "django_cookies_152fz" / "models.py").read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.AnnAssign) and getattr(node.target, "id", "") == "DEFAULT_COOKIE_BANNER_REVISION_TEXTS":
            presets = [("ru", "default", node.value)]
        elif isinstance(node, ast.Dict) and all(isinstance(key, ast.Attribute) for key in node.keys):
            presets = [(key.attr.split("_")[-2].lower(), key.attr.split("_")[-1].lower(), value)
                       for key, value in zip(node.keys, node.values) if isinstance(value, ast.Dict)]
        else:
            continue
        for lang, style, table in presets:
            for key, value in zip(table.keys, table.values):
                if isinstance(key, ast.Constant) and (text := _string_value(value)):
                    yield lang, "consent", f"{style}.{key.value}", text


def read_cloud_ru(root: Path) -> Iterator[Text]:
    """@cloud-ru/uikit-product-site-cookie-policy: the notice of CookiePolicyDescription.tsx (its links'
    texts in place) and the button of constants.ts."""
    source = (root / "src" / "components" / "CookiePolicyDescription.tsx").read_text(encoding="utf-8")
    body = re.search(r"<Typography[^>]*>(.*?)</Typography>", source, flags=re.S).group(1)
    body = re.sub(r"<Link[^>]*?text='([^']*)'[^>]*/>", r"\1", body).replace("{' '}", " ")
    yield "ru", "consent", "CookiePolicyDescription", body
    constants = (root / "src" / "constants.ts").read_text(encoding="utf-8")
    yield "ru", "consent", "COOKIE_POLICY_RIGHT_SECTION_TEXT", re.search(r"SECTION_TEXT = '([^']*)'", constants).group(1)


def _po_entries(text: str) -> Iterator[tuple[str, str, str]]:
    """(msgctxt, msgid, msgstr) of a gettext catalogue, continuation lines joined."""
    def join(block: str) -> str:
        return "".join(json.loads(line) for line in block.strip().split("\n"))
    for context, msgid, msgstr in re.findall(r'^(?:msgctxt (".*")\n)?msgid ((?:".*"\n)+)msgstr ((?:".*"\n?)+)',
                                             text, flags=re.M):
        yield (json.loads(context) if context else ""), join(msgid), join(msgstr)


def _gettext_names(path: Path) -> Iterator[tuple[str, str]]:
    """(name, msgid) of the `pgettext_lazy(context, msgid)` calls of a module, named by their dict key or the
    variable they are assigned to."""
    def msgid(node: ast.expr) -> str | None:
        if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "pgettext_lazy" and len(node.args) == 2:
            return _string_value(node.args[1])
        return None
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Dict):
            for key, value in zip(node.keys, node.values):
                if isinstance(key, ast.Constant) and (text := msgid(value)):
                    yield key.value, text
        elif isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name) and (text := msgid(node.value)):
            yield node.targets[0].id, text


def read_feincms3_cookiecontrol(root: Path) -> Iterator[Text]:
    """feincms3-cookiecontrol: the banner texts (models.py) and the blocked-embed placeholder (embedding.py),
    named as the code names them, in feincms3_cookiecontrol/locale/<lang>/LC_MESSAGES/django.po (context
    "f3cc"; English is the msgid). The privacy policy's link markers are dropped."""
    package = root / "feincms3_cookiecontrol"
    names = {text: name for module in ("models.py", "embedding.py") for name, text in _gettext_names(package / module)}
    for path in sorted(package.glob("locale/*/LC_MESSAGES/django.po")):
        lang = path.parent.parent.name
        for context, msgid, msgstr in _po_entries(path.read_text(encoding="utf-8")):
            text = msgstr or (msgid if lang == "en" else "")
            if context == "f3cc" and msgid in names and text:
                name = names[msgid]
                kind = "embed" if name.startswith("_default_") else "consent"
                yield lang, kind, name, re.sub(r"\{link_(?:start|end)\}", "", text)


def read_cookiecraft(root: Path) -> Iterator[Text]:
    """cookiecraft: the `builtInTranslations` table of dist/cookiecraft.esm.js (one object per language)."""
    source = (root / "dist" / "cookiecraft.esm.js").read_text(encoding="utf-8")
    start = source.index("const en = {")
    body = source[start:source.index("};", source.index("const builtInTranslations = {")) + 2]
    for lang, table in _node_json(body + "\nconsole.log(JSON.stringify(builtInTranslations));", root).items():
        for key, text in _flatten(table):
            yield lang, "consent", key, text


def read_react_cookie_manager(root: Path) -> Iterator[Text]:
    """react-cookie-manager: its DEFAULT_TRANSLATIONS (English) in dist/index.js; the blocked-content message
    and instruction are the blocked-embed placeholder."""
    literal = _object_literal((root / "dist" / "index.js").read_text(encoding="utf-8"), "manageEssentialSubtitle:")
    table = _node_json(f"console.log(JSON.stringify({literal}));", root)
    for key, text in _flatten(table):
        yield "en", "embed" if key.startswith("blockedContent") else "consent", key, text
    yield "en", "embed", "blockedContentMessage+Instruction", (f"{table['blockedContentMessage']} "
                                                              f"{table['blockedContentInstruction']}")


def read_beyonk(root: Path) -> Iterator[Text]:
    """@beyonk/gdpr-cookie-consent-banner: the default texts of src/lib/Banner.svelte (English): its
    `export let` labels and the cookie choices' labels and descriptions."""
    source = (root / "src" / "lib" / "Banner.svelte").read_text(encoding="utf-8")
    for name, _quote, text in re.findall(r"export let (\w+) =\s*(['\"])(.*?)\2", source, flags=re.S):
        yield "en", "consent", name, text
    for name, _quote, label, _quote2, text in re.findall(
            r"(\w+): \{\s*label: (['\"])(.*?)\2,\s*description:\s*(['\"])(.*?)\4", source, flags=re.S):
        yield "en", "consent", f"choices.{name}.label", label
        yield "en", "consent", f"choices.{name}.description", text


def _walk(value: object, path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], str]]:
    """(path, string) pairs of nested dicts and lists."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _walk(item, (*path, str(key)))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _walk(item, (*path, str(item.get("config_key", index)) if isinstance(item, dict) else str(index)))
    elif isinstance(value, str):
        yield path, value


def read_volto_gdpr_privacy(root: Path) -> Iterator[Text]:
    """volto-gdpr-privacy (RedTurtle): the banner's front-end messages in locales/<lang>/LC_MESSAGES/volto.po
    (English is each entry's `# defaultMessage:` comment) and the example texts of src/config/defaultPanelConfig.js
    (per language under `text`). A blocked embed shows the choice's `conditional_embed_text` (else the default
    description naming the service) and the accept message with its two links."""
    catalogues: dict[str, dict[str, str]] = {}
    for path in sorted((root / "locales").glob("*/LC_MESSAGES/volto.po")):
        source = path.read_text(encoding="utf-8")
        for default, msgid, msgstr in re.findall(r'^# defaultMessage: (.*)\nmsgid "(volto-gdpr-privacy-[^"]*)"\n'
                                                 r'msgstr ((?:".*"\n?)+)', source, flags=re.M):
            catalogues.setdefault("en", {})[msgid] = default
            text = "".join(json.loads(line) for line in msgstr.strip().split("\n"))
            if text:
                catalogues.setdefault(path.parent.parent.name, {})[msgid] = text
    prefix = "volto-gdpr-privacy-conditional-embed-"

    def accept(table: dict[str, str], service: str = "YouTube") -> str:
        links = {"enable_cookie_button": table[prefix + "specific-cookie-link"].replace("{cookie_type}", service),
                 "manage_preferences_button": table[prefix + "generic-cookie-link"]}
        return re.sub(r"\{(\w+)\}", lambda m: links[m.group(1)], table[prefix + "accept-message"])

    for lang, table in catalogues.items():
        for msgid, text in table.items():
            if not msgid.startswith(prefix):
                yield lang, "consent", msgid, text
        yield lang, "embed", "conditional-embed", (f"{table[prefix + 'default-description'].replace('{cookie_type}', 'YouTube')} "
                                                    f"{accept(table)}")
    config = _node_json('import config from "./src/config/defaultPanelConfig.js";\n'
                        "console.log(JSON.stringify(config));", root)
    texts = dict(_walk(config))
    for path, text in texts.items():
        if len(path) >= 3 and path[-3] == "text" and len(path[-2]) == 2:
            lang, key = path[-2], ".".join(path[:-2] + path[-1:])
            if path[-1] == "conditional_embed_text" and lang in catalogues:
                service = texts.get((*path[:-1], "title"), "YouTube")
                yield lang, "embed", key + "+accept", f"{text} {accept(catalogues[lang], service)}"
            elif not (path[-1] == "title" and path[-5:-4] == ("choices",)):  # a service's name
                yield lang, "consent", key, text


SOURCES = [
    Source("klaro", "npm", "klaro", "0.7.22", "BSD-3-Clause", read_klaro),
    Source("tarteaucitron", "npm", "tarteaucitronjs", "1.34.0", "MIT", read_tarteaucitron),
    Source("c15t", "npm", "@c15t/translations", "2.2.1", "Apache-2.0", read_c15t),
    Source("68publishers", "npm", "@68publishers/cookie-consent", "1.4.1", "MIT", read_68publishers),
    Source("pie-cookie-banner", "npm", "@justeattakeaway/pie-cookie-banner", "1.10.19", "Apache-2.0", read_pie),
    Source("vue-privacy", "npm", "@structured-world/vue-privacy", "1.10.0", "Apache-2.0", read_vue_privacy),
    Source("cookie-notice", "npm", "cookie-notice", "1.3.9", "MIT", read_cookie_notice),
    Source("volto-dsgvo-banner", "npm", "@kitconcept/volto-dsgvo-banner", "2.4.0", "MIT", read_volto),
    Source("django-cookie-law", "pypi", "django-cookie-law", "2.2.0", "BSD-3-Clause", read_django_cookie_law),
    Source("nuxt-cookie-control", "npm", "@dargmuesli/nuxt-cookie-control", "9.3.7", "MIT", read_nuxt_cookie_control),
    Source("cookie-consent-js", "npm", "cookie-consent-js", "2.1.12", "MIT", read_cookie_consent_js),
    Source("synapxlab", "npm", "@synapxlab/cookie-consent", "2.6.0", "MIT", read_synapxlab),
    Source("lmc-cookie-consent-manager", "npm", "@lmc-eu/cookie-consent-manager", "2.6.0", "MIT", read_lmc),
    Source("django-cookies-152fz", "pypi", "django-cookies-152fz", "1.0.2", "MIT", read_django_cookies_152fz),
    Source("cloud-ru-cookie-policy", "npm", "@cloud-ru/uikit-product-site-cookie-policy", "2.0.0", "Apache-2.0", read_cloud_ru),
    Source("feincms3-cookiecontrol", "pypi", "feincms3-cookiecontrol", "1.9.0", "BSD-3-Clause", read_feincms3_cookiecontrol),
    Source("cookiecraft", "npm", "cookiecraft", "1.0.11", "MIT", read_cookiecraft),
    Source("react-cookie-manager", "npm", "react-cookie-manager", "5.4.1", "MIT", read_react_cookie_manager),
    Source("beyonk-gdpr-cookie-consent-banner", "npm", "@beyonk/gdpr-cookie-consent-banner", "16.0.2", "MIT", read_beyonk),
    Source("volto-gdpr-privacy", "npm", "volto-gdpr-privacy", "2.2.12", "MIT", read_volto_gdpr_privacy),
]


def fetch(source: Source, workdir: Path) -> Path:
    """Download and unpack a pinned package; return the directory its files are in."""
    target = workdir / source.name
    target.mkdir()
    if source.registry == "npm":
        name = subprocess.run(["npm", "pack", f"{source.package}@{source.version}", "--silent"], cwd=target,
                              check=True, capture_output=True, text=True).stdout.split()[-1]
        with tarfile.open(target / name) as archive:
            archive.extractall(target, filter="data")
        return target / "package"
    subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary", ":all:", "-q", "-d", str(target),
                    f"{source.package}=={source.version}"], check=True)
    with zipfile.ZipFile(next(target.glob("*.whl"))) as archive:
        archive.extractall(target / "package")
    return target / "package"


def clean(text: str, kind: str) -> str:
    """A tool's string as a page shows it: no markup, placeholders dropped (a blocked embed's service
    named), whitespace collapsed."""
    text = " ".join(PLACEHOLDER.sub(" YouTube " if kind == "embed" else " ", TAG.sub(" ", text)).split())
    return re.sub(r" ([,.;:!?])", r"\1", text)


def copies(rows: dict[tuple[str, str], dict]) -> set[tuple[str, str]]:
    """(language, key) of texts left untranslated from another language: a text under the same key in
    several languages, where the language classifier (py3langid, as tollwatch detects it) names one of them."""
    from crawler.extraction.language import detect_language

    languages: dict[tuple[str, str], list[str]] = {}
    for (lang, key), row in rows.items():
        languages.setdefault((key, row["text"]), []).append(lang)
    found = set()
    for (key, text), shared in languages.items():
        if len(shared) > 1 and (detected := detect_language(text)) in shared:
            found |= {(lang, key) for lang in shared if lang != detected}
    return found


def collect(source: Source, root: Path) -> list[dict]:
    """The source's translated texts, one record per language and key, untranslated ones left out (a
    language's text equal to the English one, or a copy of another language's)."""
    rows = {}
    for lang, kind, key, text in source.read(root):
        lang = LANGUAGE_ALIASES.get(lang.lower(), lang.lower()).split("-")[0].split("_")[0]
        text = clean(text, kind)
        if re.search(r"[^\W\d_]", text):
            rows.setdefault((lang, key), {"lang": lang, "kind": kind, "key": key, "text": text})
    english = {key: row["text"] for (lang, key), row in rows.items() if lang == "en"}
    copied = copies(rows)
    return [row for (lang, key), row in sorted(rows.items())
            if (lang == "en" or row["text"] != english.get(key)) and (lang, key) not in copied]


def collect_prompts() -> list[dict]:
    """Newsletter and sign-up prompts among the WCXB pages' boilerplate (`without`), training half only;
    the key names the page."""
    sys.path.insert(0, str(HERE))
    from build import held_out

    rows, seen = [], set()
    for path in sorted((WCXB / "ground-truth").glob("*.json")):
        if held_out(path.stem):
            continue
        truth = json.loads(path.read_text(encoding="utf-8"))
        for snippet in truth["ground_truth"].get("without") or []:
            text = " ".join(snippet.split())
            if (PROMPT.search(text) and not NOT_PROMPT.search(text) and len(text.split()) <= MAX_PROMPT_WORDS
                    and text.lower() not in seen):
                seen.add(text.lower())
                rows.append({"lang": "en", "kind": "newsletter", "key": f"wcxb-dev/{path.stem} {truth.get('url')}",
                             "text": text})
    return rows


def write(name: str, rows: list[dict]) -> None:
    """Write one corpus file and say what it holds."""
    with (CORPUS / f"{name}.jsonl").open("w", encoding="utf-8") as out:
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"{name}: {len(rows)} texts, {len({r['lang'] for r in rows})} languages")


def main(names: list[str]) -> None:
    """Collect every source, or only the named ones (`collect.py klaro cookiecraft`)."""
    CORPUS.mkdir(exist_ok=True)
    if not names or "newsletter-wcxb" in names:
        write("newsletter-wcxb", collect_prompts())
    with tempfile.TemporaryDirectory() as tmp:
        for source in SOURCES:
            if names and source.name not in names:
                continue
            root = fetch(source, Path(tmp))
            write(source.name, collect(source, root))
            for licence in (sorted(root.glob("LICEN[CS]E*"))[:1] or sorted(root.glob("*.dist-info/LICEN[CS]E*"))[:1]
                            or sorted(root.glob("*.dist-info/licenses/LICEN[CS]E*"))[:1]):
                (CORPUS / "licences").mkdir(exist_ok=True)
                shutil.copyfile(licence, CORPUS / "licences" / f"{source.name}.txt")


if __name__ == "__main__":
    main(sys.argv[1:])
