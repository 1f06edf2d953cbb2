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
