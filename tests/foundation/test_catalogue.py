"""The English catalogue: complete, compiled, and covering the strings marked with L(...).

The application forms and the Excel exports mark their strings with `L = gettext_lazy`; the
project's makemessages command extracts that keyword too. If it did not, the English forms
would show Chinese labels and choices (for instance "符合" beside every criterion).
"""

import ast
import gettext
import re
from pathlib import Path

import pytest
from django import forms
from django.conf import settings
from django.utils import translation

from applications.intake.forms import FORMS
from applications.intake.forms.choices import AFFIRM_CHOICES, DISTRICT_CHOICES
from applications.precheck import exports
from tests.factories import EditionFactory

CJK = re.compile(r"[\u4e00-\u9fff]")
CATALOGUE = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES"

# District and county names of Panzhihua are proper nouns kept in Chinese: each is both the
# stored answer and its label, and the same names are those of the recommending units.
PROPER_NOUNS = {name for name, _ in DISTRICT_CHOICES}


def _choice_labels(choices):
    for _, label in choices:
        if isinstance(label, list | tuple):  # an optgroup
            yield from _choice_labels(label)
        else:
            yield str(label)


def _shown_texts(form):
    """Every text of the form a reader sees: section titles, labels, help texts, choices."""
    for section in form.all_sections():
        yield f"section {section.anchor}", str(section.title)
    for name, field in form.fields.items():
        yield f"{name} label", str(field.label)
        if field.help_text:
            yield f"{name} help text", str(field.help_text)
        if isinstance(field, forms.ChoiceField):
            for label in _choice_labels(field.choices):
                if label not in PROPER_NOUNS:
                    yield f"{name} choice", label


@pytest.mark.django_db
@pytest.mark.parametrize("code", ["general", "medical", "education", "team", "individual"])
def test_category_form_in_english_shows_no_chinese(code):
    edition = EditionFactory()

    with translation.override("en"):
        # Recommending units are records (their names), not catalogue strings.
        form = FORMS[code](edition=edition, unit_choices=[])
        chinese = [(where, text) for where, text in _shown_texts(form) if CJK.search(text)]

    assert chinese == []


def test_criterion_choices_in_english():
    with translation.override("en"):
        labels = [str(label) for _, label in AFFIRM_CHOICES]

    assert labels == ["Met", "Cannot confirm"]


@pytest.mark.parametrize(
    "headers", [exports.QUEUE_HEADERS, exports.OFFICE_HEADERS, exports.ACCEPTANCE_HEADERS]
)
def test_export_headings_in_english_show_no_chinese(headers):
    with translation.override("en"):
        shown = [str(heading) for heading in headers]

    assert [heading for heading in shown if CJK.search(heading)] == []


# --- the .po file -------------------------------------------------------------------------------


def _po_entries(path: Path) -> list[dict]:
    """The entries of a .po file as written by gettext: msgctxt, msgid, msgid_plural, msgstr or
    msgstr[n], and the flags; entries are separated by blank lines. Obsolete entries (#~) are
    left out; the header (empty msgid) comes first."""
    entries: list[dict] = []
    entry: dict = {}
    key = None
    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        line = line.strip()
        if not line or line.startswith("#~"):
            if "msgid" in entry:
                entries.append(entry)
            entry, key = {}, None
            continue
        if line.startswith("#,"):
            entry.setdefault("flags", set()).update(f.strip() for f in line[2:].split(","))
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            entry[key] += ast.literal_eval(line)
        else:
            key, _, text = line.partition(" ")
            entry[key] = ast.literal_eval(text)
    return entries


def _translations(entry: dict) -> list[str]:
    return [text for key, text in entry.items() if key.startswith("msgstr")]


def test_po_parser_reads_plurals_flags_and_continued_lines(tmp_path):
    po = tmp_path / "django.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Language: en\\n"\n\n'
        '#: a.py:1\n#, fuzzy, python-format\nmsgid "甲"\n"乙"\nmsgstr "A"\n\n'
        'msgid "%(n)s 项"\nmsgid_plural "%(n)s 项"\nmsgstr[0] "%(n)s item"\n'
        'msgstr[1] ""\n\n#~ msgid "旧"\n#~ msgstr ""\n',
        encoding="utf-8",
    )

    header, joined, plural = _po_entries(po)

    assert header["msgstr"] == "Language: en\n"
    assert (joined["msgid"], joined["flags"]) == ("甲乙", {"fuzzy", "python-format"})
    assert _translations(plural) == ["%(n)s item", ""]


def test_english_po_has_no_empty_or_fuzzy_entry():
    entries = _po_entries(CATALOGUE / "django.po")[1:]  # after the header

    assert len(entries) > 1000
    assert [e["msgid"] for e in entries if "fuzzy" in e.get("flags", ())] == []
    assert [e["msgid"] for e in entries if not all(_translations(e))] == []
    assert {"符合", "不能确认", "征求意见（条）"} <= {e["msgid"] for e in entries}


def test_english_mo_is_compiled_from_the_po():
    with (CATALOGUE / "django.mo").open("rb") as mo:
        compiled = gettext.GNUTranslations(mo)
    missing = []
    for entry in _po_entries(CATALOGUE / "django.po")[1:]:
        context = entry.get("msgctxt")
        if "msgid_plural" in entry:
            shown = [compiled.ngettext(entry["msgid"], entry["msgid_plural"], n) for n in (1, 2)]
            wanted = [entry["msgstr[0]"], entry["msgstr[1]"]]
        elif context is not None:
            shown, wanted = [compiled.pgettext(context, entry["msgid"])], [entry["msgstr"]]
        else:
            shown, wanted = [compiled.gettext(entry["msgid"])], [entry["msgstr"]]
        if shown != wanted:
            missing.append(entry["msgid"])

    assert missing == []
