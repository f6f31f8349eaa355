"""English is a real second language: the catalog is complete, compiled and served.

The source language is Simplified Chinese (every msgid is Chinese), so an untranslated
entry in the English catalog shows Chinese to an English reader. These tests catch a
new string that was extracted by `makemessages` but never translated or compiled.
"""

import ast
import gettext
import re
from pathlib import Path

import pytest
from django.conf import settings

LOCALE_DIR = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES"
PO_FILE = LOCALE_DIR / "django.po"
MO_FILE = LOCALE_DIR / "django.mo"

CHINESE_INTRO = "本中心实行“一窗受理”"
ENGLISH_INTRO = "This Government Service Center operates “one-window acceptance”"

_KEYWORD = re.compile(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)\s+(".*")\s*$')
_PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\w+\}")


def _po_entries(path):
    """The entries of a .po file: dicts of keyword -> text, plus their flags.

    A small reader (polib is not a dependency): blank lines separate entries, `#,` lines
    carry flags, `#~` lines are obsolete entries and are skipped, and continuation lines
    ("...") extend the keyword before them.
    """
    entries = []
    for block in re.split(r"\n[ \t]*\n", path.read_text(encoding="utf-8").strip()):
        entry = {"flags": set()}
        current = None
        for line in block.splitlines():
            if line.startswith("#~"):
                entry = None
                break
            if line.startswith("#,"):
                entry["flags"].update(flag.strip() for flag in line[2:].split(","))
                continue
            if line.startswith("#") or not line.strip():
                continue
            match = _KEYWORD.match(line)
            if match:
                current = match.group(1)
                entry[current] = ast.literal_eval(match.group(2))
            elif line.startswith('"'):
                entry[current] += ast.literal_eval(line)
            else:
                raise AssertionError(f"Unreadable line in {path.name}: {line!r}")
        if entry is not None and "msgid" in entry:
            entries.append(entry)
    return entries


def _translations(entry):
    return [text for key, text in entry.items() if key.startswith("msgstr")]


@pytest.fixture(scope="module")
def po_entries():
    assert PO_FILE.exists(), "Run `manage.py makemessages -l en` and translate the English catalog."
    return [entry for entry in _po_entries(PO_FILE) if entry["msgid"] != ""]


@pytest.mark.django_db
def test_home_page_is_english_when_the_user_picked_english(client):
    client.cookies["django_language"] = "en"
    response = client.get("/")
    body = response.content.decode()
    assert response.status_code == 200
    assert 'lang="en"' in body
    assert ENGLISH_INTRO in body
    assert "comprehensive front desk" in body
    assert "completed-item window" in body
    assert "Skip to main content" in body
    assert CHINESE_INTRO not in body
    assert "跳到正文" not in body


@pytest.mark.django_db
def test_home_page_is_chinese_by_default(client):
    response = client.get("/")
    body = response.content.decode()
    assert response.status_code == 200
    assert 'lang="zh-hans"' in body
    assert CHINESE_INTRO in body
    assert "跳到正文" in body
    assert ENGLISH_INTRO not in body
    assert "Skip to main content" not in body


def test_english_catalog_has_no_untranslated_or_fuzzy_entries(po_entries):
    assert po_entries, "The English catalog is empty."
    untranslated = [e["msgid"] for e in po_entries if not all(t.strip() for t in _translations(e))]
    fuzzy = [e["msgid"] for e in po_entries if "fuzzy" in e["flags"]]
    assert not untranslated, f"{len(untranslated)} untranslated English strings, e.g. {untranslated[:5]}"
    assert not fuzzy, f"{len(fuzzy)} fuzzy English strings, e.g. {fuzzy[:5]}"


def test_english_translations_keep_every_placeholder(po_entries):
    wrong = []
    for entry in po_entries:
        expected = sorted(_PLACEHOLDER.findall(entry["msgid"]))
        for text in _translations(entry):
            if sorted(_PLACEHOLDER.findall(text)) != expected:
                wrong.append((entry["msgid"], text))
    assert not wrong, f"Placeholders differ from the Chinese source: {wrong[:5]}"


def test_english_translations_are_not_chinese(po_entries):
    # Chinese examples the reader must type (e.g. a search word) are allowed inside a
    # sentence, but no translation may be mostly Chinese.
    han = re.compile(r"[\u4e00-\u9fff]")
    chinese = [e["msgid"] for e in po_entries for text in _translations(e) if len(han.findall(text)) * 2 > len(text)]
    assert not chinese, f"Translations still in Chinese: {chinese[:5]}"


def test_compiled_catalog_is_up_to_date(po_entries):
    """The committed .mo holds every translation of the .po (compilemessages was run)."""
    assert MO_FILE.exists(), "Run `manage.py compilemessages` and commit locale/en/LC_MESSAGES/django.mo."
    with MO_FILE.open("rb") as handle:
        catalog = gettext.GNUTranslations(handle)._catalog
    stale = []
    for entry in po_entries:
        key = entry["msgid"] if "msgctxt" not in entry else f"{entry['msgctxt']}\x04{entry['msgid']}"
        if "msgid_plural" in entry:
            if catalog.get((key, 0)) != entry["msgstr[0]"]:
                stale.append(entry["msgid"])
        elif catalog.get(key) != entry["msgstr"]:
            stale.append(entry["msgid"])
    assert not stale, f"{len(stale)} strings differ between django.po and django.mo, e.g. {stale[:5]}"
