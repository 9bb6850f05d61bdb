"""Rare characters in a publicity notice: characters of the CJK extensions that Noto CJK lacks
(𠀀 U+20000, 𪚥 U+2A6A5) are drawn from the fallback fonts and read back from the PDF; a
character no installed font has is refused when the window is published, by name."""

import io
import subprocess
import tempfile

import pytest
from django.urls import reverse
from pypdf import PdfReader

from award_portal.documents import glyphs
from publicity.errors import PublicityError
from publicity.models import PublicityWindow
from publicity.windows import services as windows
from tests.publicity.factories import (
    AcceptedApplicationFactory,
    CityOfficeFactory,
    acceptance_window,
)

# Publishing computes the window's working days: a year the calendar knows.
pytestmark = [pytest.mark.django_db, pytest.mark.now("2026-03-02")]

EXTENSION_B = "\U00020000"  # 𠀀
EXTENSION_B_LATE = "\U0002a6a5"  # 𪚥
NOBODY_HAS = "\U0010fffd"  # the last private-use code point: no font draws it
PRIVATE_USE = "\ue000"


def _draft(*names: str, actor, title: str = "受理名单公示") -> PublicityWindow:
    first = AcceptedApplicationFactory(applicant_name=names[0])
    applications = [first] + [
        AcceptedApplicationFactory(applicant_name=name, edition=first.edition) for name in names[1:]
    ]
    return acceptance_window(applications, actor=actor, title=title)


def _pdf_text(window: PublicityWindow) -> tuple[str, str]:
    """The notice's text as pypdf and as pdftotext read it."""
    with window.notice_pdf.open("rb") as stored:
        pdf = stored.read()
    by_pypdf = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    with tempfile.NamedTemporaryFile(suffix=".pdf") as file:
        file.write(pdf)
        file.flush()
        by_poppler = subprocess.run(
            ["pdftotext", file.name, "-"], capture_output=True, text=True, check=True
        ).stdout
    return by_pypdf, by_poppler


def test_glyphs_finds_what_no_font_draws():
    text = f"攀枝花{EXTENSION_B}{EXTENSION_B_LATE}王堃\n{NOBODY_HAS}{PRIVATE_USE} A{NOBODY_HAS}"

    assert glyphs.uncovered(text) == [NOBODY_HAS, PRIVATE_USE]


def test_glyphs_names_the_characters():
    assert glyphs.describe([NOBODY_HAS, EXTENSION_B]) == (
        "“\U0010fffd”（U+10FFFD 私用区字符）、“𠀀”（U+20000 CJK UNIFIED IDEOGRAPH-20000）"
    )


def test_extension_characters_are_covered_by_an_installed_font():
    assert glyphs.uncovered(EXTENSION_B + EXTENSION_B_LATE) == []
    assert glyphs.face_for(EXTENSION_B, prefer=("HanaMinA",)).families[0] == "HanaMinA"


def test_a_notice_with_extension_characters_renders_them():
    office = CityOfficeFactory()
    window = _draft(f"攀枝花{EXTENSION_B}科技有限公司", f"王{EXTENSION_B_LATE}", actor=office)

    published = windows.publish_window(window=window, actor=office)

    by_pypdf, by_poppler = _pdf_text(published)
    for text in (by_pypdf, by_poppler):
        assert f"攀枝花{EXTENSION_B}科技有限公司" in text.replace("\n", "")
        assert f"王{EXTENSION_B_LATE}" in text
    assert published.status == PublicityWindow.Status.PUBLISHED


@pytest.mark.parametrize("char", [NOBODY_HAS, PRIVATE_USE])
def test_publishing_a_name_no_font_draws_is_refused_naming_it(char):
    office = CityOfficeFactory()
    window = _draft(f"攀枝花{char}科技有限公司", actor=office)

    with pytest.raises(PublicityError) as refused:
        windows.publish_window(window=window, actor=office)

    window.refresh_from_db()
    assert f"第1项“攀枝花{char}科技有限公司”含有“{char}”（U+{ord(char):04X} 私用区字符）" in (
        refused.value.message
    )
    assert window.status == PublicityWindow.Status.DRAFT
    assert not window.notice_pdf


def test_publishing_a_title_no_font_draws_is_refused_naming_it():
    office = CityOfficeFactory()
    window = _draft("攀枝花科技有限公司", actor=office, title=f"受理名单公示{NOBODY_HAS}")

    with pytest.raises(PublicityError) as refused:
        windows.publish_window(window=window, actor=office)

    assert "公示标题含有“\U0010fffd”（U+10FFFD 私用区字符）" in refused.value.message


def test_publish_button_refuses_with_the_character_and_publishes_a_drawable_list(client):
    office = CityOfficeFactory()
    bad = _draft(f"王{NOBODY_HAS}", actor=office, title="公示一")
    client.force_login(office)

    refused = client.post(reverse("publicity:window_publish", kwargs={"pk": bad.pk}), follow=True)
    bad.delete()
    good = _draft(f"王{EXTENSION_B_LATE}", actor=office, title="公示二")
    published = client.post(
        reverse("publicity:window_publish", kwargs={"pk": good.pk}), follow=True
    )

    good.refresh_from_db()
    assert "U+10FFFD" in refused.content.decode()
    assert "公示已发布。" in published.content.decode()
    assert good.status == PublicityWindow.Status.PUBLISHED
