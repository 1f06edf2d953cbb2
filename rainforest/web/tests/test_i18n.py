"""The English interface: pages of the later apps render in English, and the committed catalogue is complete —
no empty or fuzzy entry in django.po, the compiled django.mo says the same, and translations_en.py (from which
django.po is refilled after makemessages) holds every translation."""

from __future__ import annotations

import gettext
import importlib.util
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from rainforest.enterprises.tests.factories import YearlyFiguresFactory
from rainforest.policies.services import policies_load_catalogue

LOCALE = Path(settings.LOCALE_PATHS[0])
PO = LOCALE / "en" / "LC_MESSAGES" / "django.po"
MO = LOCALE / "en" / "LC_MESSAGES" / "django.mo"


def english(client, user) -> None:
    client.force_login(user)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})


def _unquote(text: str) -> str:
    return re.sub(r"\\(.)", lambda m: {"n": "\n", "t": "\t"}.get(m.group(1), m.group(1)), text)


def po_entries() -> list[dict]:
    """Each entry of django.po (header left out) as {"msgid": …, "msgstr": … or "msgstr[0]": …, "flags": […]}."""
    entries = []
    for block in PO.read_text(encoding="utf-8").split("\n\n"):
        entry: dict = {"flags": []}
        key = None
        for line in block.splitlines():
            if line.startswith("#,"):
                entry["flags"] += [flag.strip() for flag in line[2:].split(",")]
            elif match := re.match(r'^(msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?) "(.*)"$', line):
                key = match.group(1)
                entry[key] = _unquote(match.group(2))
            elif line.startswith('"') and key:
                entry[key] += _unquote(line[1:-1])
        if entry.get("msgid"):
            entries.append(entry)
    return entries


def translations(entry: dict) -> list[str]:
    return [value for key, value in entry.items() if key.startswith("msgstr")]


# --- pages ------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_policies_list_is_in_english(client, city):
    policies_load_catalogue()
    english(client, city)
    content = client.get(reverse("policies:list")).content.decode()
    assert "<h1>Policy calculator</h1>" in content
    assert '<th scope="col">Find enterprises</th>' in content
    assert "<td>Provincial</td>" in content  # a level's choice label


@pytest.mark.django_db
def test_the_cultivation_pool_is_in_english(client, city, two_districts):
    for enterprise in two_districts.values():
        for year in (2022, 2023, 2024):
            YearlyFiguresFactory(enterprise=enterprise, year=year)
    english(client, city)
    content = client.get(reverse("cultivation:pool"), {"as_of": "2025-06-01"}).content.decode()
    assert "<h1>Cultivation pool · HNTE certification</h1>" in content
    assert '<th scope="col">Pass probability</th>' in content
    assert '<p class="result-count">2 candidates</p>' in content  # the plural form


@pytest.mark.django_db
def test_the_eligibility_panel_headings_are_in_english(client, city, own_firm):
    english(client, city)
    url = reverse("eligibility:enterprise", args=[own_firm.credit_code])
    content = client.get(url, {"rulebook": "hnte", "as_of": "2025-06-01"}).content.decode()
    assert "<h1>Eligibility assessment：" in content
    assert "<h2>Gaps (cheapest to close first)</h2>" in content
    assert "<h2>What-if (not saved)</h2>" in content


# --- the catalogue ----------------------------------------------------------------------------------------


def test_every_entry_of_the_po_is_translated_and_none_is_fuzzy():
    entries = po_entries()
    assert len(entries) > 800
    assert [e["msgid"] for e in entries if any(not text for text in translations(e))] == []
    assert [e["msgid"] for e in entries if "fuzzy" in e["flags"]] == []
    assert "#, fuzzy" not in PO.read_text(encoding="utf-8")


def test_translations_keep_the_placeholders_of_their_msgid():
    placeholders = re.compile(r"\{\w*\}|%\(\w+\)s|%[sd]")
    wrong = [
        (e["msgid"], text)
        for e in po_entries()
        for text in translations(e)
        if sorted(placeholders.findall(text)) != sorted(placeholders.findall(e["msgid"]))
    ]
    assert wrong == []


def test_the_compiled_mo_matches_the_po():
    """The .mo is committed so the build needs no gettext: it must be compiled from the .po as it is."""
    with MO.open("rb") as handle:
        catalog = gettext.GNUTranslations(handle)._catalog  # type: ignore[attr-defined]
    for entry in po_entries():
        if "msgid_plural" in entry:
            for index in (0, 1):
                assert catalog[(entry["msgid"], index)] == entry[f"msgstr[{index}]"], entry["msgid"]
        else:
            assert catalog[entry["msgid"]] == entry["msgstr"], entry["msgid"]


def test_translations_en_holds_every_translation_of_the_po():
    """makemessages empties nothing, but a refill from translations_en.py must give back the same .po."""
    spec = importlib.util.spec_from_file_location("translations_en", LOCALE / "translations_en.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    for entry in po_entries():
        if "msgid_plural" in entry:
            assert module.PLURALS[entry["msgid"]] == (entry["msgstr[0]"], entry["msgstr[1]"])
        else:
            assert module.EN.get(entry["msgid"]) == entry["msgstr"], entry["msgid"]


# --- every msgid of the code has its English -----------------------------------------------------------

SOURCE = LOCALE.parent  # the rainforest package
GETTEXT_CALLS = {"_", "gettext", "gettext_lazy", "gettext_noop", "pgettext", "pgettext_lazy"}
PLURAL_CALLS = {"ngettext", "ngettext_lazy", "npgettext", "npgettext_lazy"}
TRANSLATE_TAG = re.compile(
    r"""\{%\s*(?:translate|trans)\s+(?P<q>["'])(?P<msgid>.*?)(?P=q)(?P<rest>[^%]*)%\}""", re.S
)
BLOCK_TAG = re.compile(
    r"\{%\s*(?:blocktranslate|blocktrans)(?P<options>[^%]*)%\}(?P<body>.*?)\{%\s*(?:endblocktranslate|endblocktrans)\s*%\}",
    re.S,
)
TEMPLATE_VARIABLE = re.compile(r"\{\{\s*(\w+)\s*\}\}")


def _translations_en():
    spec = importlib.util.spec_from_file_location("translations_en", LOCALE / "translations_en.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def python_msgids(path: Path) -> list[tuple[str, bool, int]]:
    """(msgid, plural, line) of every gettext call with a literal msgid in a Python file."""
    import ast

    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if not isinstance(node, ast.Call) or not node.args:
            continue
        name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
        context_first = name.startswith(("pgettext", "npgettext"))
        args = node.args[1:] if context_first else node.args
        literal = args and isinstance(args[0], ast.Constant) and isinstance(args[0].value, str)
        if name in GETTEXT_CALLS | PLURAL_CALLS and literal:
            found.append((args[0].value, name in PLURAL_CALLS, node.lineno))  # type: ignore[attr-defined]
    return found


def _block_msgid(body: str, trimmed: bool) -> str:
    text = TEMPLATE_VARIABLE.sub(r"%(\1)s", body.replace("%", "%%"))  # as makemessages escapes a literal %
    if trimmed:
        text = " ".join(line.strip() for line in text.strip().splitlines() if line.strip())
    return text


def template_msgids(path: Path) -> list[tuple[str, bool, int]]:
    """(msgid, plural, line) of every translate and blocktranslate tag of a template."""
    text = path.read_text(encoding="utf-8")
    found = []
    for match in TRANSLATE_TAG.finditer(text):
        found.append((match.group("msgid"), False, text.count("\n", 0, match.start()) + 1))
    for match in BLOCK_TAG.finditer(text):
        options = match.group("options")
        body = re.split(r"\{%\s*plural\s*%\}", match.group("body"))[0]
        msgid = _block_msgid(body, "trimmed" in options)
        found.append((msgid, " count " in f" {options} ", text.count("\n", 0, match.start()) + 1))
    return found


def untranslated() -> list[str]:
    """`file:line msgid` of every msgid of rainforest/ (tests and migrations aside) with no English in
    translations_en.py (EN, or PLURALS for a plural)."""
    module = _translations_en()
    missing = []
    for path in sorted(SOURCE.rglob("*")):
        parts = path.relative_to(SOURCE).parts
        if "tests" in parts or "migrations" in parts or path.name == "translations_en.py":
            continue
        if path.suffix == ".py":
            msgids = python_msgids(path)
        elif path.suffix in (".html", ".txt") and "templates" in parts:
            msgids = template_msgids(path)
        else:
            continue
        for msgid, plural, line in msgids:
            table = module.PLURALS if plural else module.EN
            if msgid and msgid not in table and not msgid.isascii():
                missing.append(f"{path.relative_to(SOURCE.parent)}:{line} {msgid!r}")
    return missing


def test_the_scanner_finds_msgids_in_python_and_templates(tmp_path):
    code = tmp_path / "a.py"
    code.write_text('from x import _\n_("甲")\nngettext("%(n)s 个", "%(n)s 个", 2)\npgettext("ctx", "乙")\n')
    assert python_msgids(code) == [("甲", False, 2), ("%(n)s 个", True, 3), ("乙", False, 4)]
    page = tmp_path / "a.html"
    page.write_text(
        '{% translate "丙" %}\n{% blocktranslate with a=b %}第 {{ a }} 页{% endblocktranslate %}'
        "{% blocktranslate count n=c %}共 {{ n }} 条{% plural %}共 {{ n }} 条{% endblocktranslate %}"
    )
    assert template_msgids(page) == [("丙", False, 1), ("第 %(a)s 页", False, 2), ("共 %(n)s 条", True, 2)]


def test_every_msgid_of_the_code_has_its_english_in_translations_en():
    """Fails on any string added without its English: the list names each one with its file and line
    (several engineers add strings at once; each adds the English of their own, under their area's comment,
    in rainforest/locale/translations_en.py)."""
    missing = untranslated()
    if missing:
        pytest.fail(
            f"{len(missing)} msgid(s) without English in rainforest/locale/translations_en.py:\n  "
            + "\n  ".join(missing),
            pytrace=False,
        )
