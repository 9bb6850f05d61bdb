"""The notice PDF: its texts extract back, the table runs over pages, the fonts are embedded."""

import io
import logging
from datetime import date

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils import translation
from pypdf import PdfReader

from publicity.models import PublicityEntry, PublicityWindow
from publicity.notice import font_file, render_notice_pdf

RARE = "王堃喆犇镕"
LATIN = "ABC钒钛2024科技（攀枝花）有限公司"
LONG = "攀枝花市" + "钒钛新材料科技研发与检验检测认证服务" * 4 + "（集团）有限责任公司"
HEADER = "序号名称申报类别推荐单位"


def _window() -> PublicityWindow:
    return PublicityWindow(
        title="第三届攀枝花市政府质量奖受理名单公示",
        document_number="攀质强办〔2023〕5号",
        body="根据《管理办法》，现将受理名单予以公示。\n\n电话：0812-3333333。",
        workdays=5,
        start_date=date(2023, 6, 1),
        end_date=date(2023, 6, 7),
    )


def _entries(names: list[str]) -> list[PublicityEntry]:
    return [
        PublicityEntry(
            position=number,
            display_name=name,
            category_name="组织类（建筑业、工程建设与其他行业）",
            unit_name="攀枝花钒钛高新技术产业开发区管委会",
        )
        for number, name in enumerate(names, start=1)
    ]


def _names(count: int) -> list[str]:
    names = [f"攀枝花市第{n}钒钛新材料科技有限公司" for n in range(1, count + 1)]
    names[1:4] = [RARE, LATIN, LONG]
    return names


def _render(names: list[str]) -> bytes:
    return render_notice_pdf(
        window=_window(), entries=_entries(names), published_on=date(2023, 6, 1)
    )


def _pages(names: list[str]) -> list[str]:
    pdf = _render(names)
    assert pdf.startswith(b"%PDF-")
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def _flat(text: str) -> str:
    return text.replace(" ", "").replace("\n", "")


def test_the_notice_reads_back_as_text_in_chinese_whatever_the_language(caplog):
    names = _names(12)

    with translation.override("en"), caplog.at_level(logging.WARNING):
        text = _flat("".join(_pages(names)))

    assert "第三届攀枝花市政府质量奖受理名单公示" in text
    assert "攀质强办〔2023〕5号" in text
    assert "现将受理名单予以公示。" in text
    assert (
        "公示期：2023年6月1日至2023年6月7日（5个工作日）。公示期内，任何单位和个人对名单有异议的，"
        "可通过市政府质量奖评选管理平台实名提出，并提供必要的证明材料。"
    ) in text
    assert HEADER in text
    for name in names:
        assert name in text
    assert RARE in text and LATIN in text
    assert settings.AWARD_AUTHORITY + "2023年6月1日" in text
    assert "Publicity period" not in text
    assert not [r for r in caplog.records if "missing the following glyphs" in r.getMessage()]


def test_a_long_list_runs_over_pages_with_the_header_on_top_of_each():
    names = _names(300)

    pages = _pages(names)

    total = len(pages)
    assert total >= 5
    assert f"1/{total}" in _flat(pages[0])
    for number, page in enumerate(pages[1:], start=2):
        assert _flat(page).startswith(HEADER), number
        assert f"{number}/{total}" in _flat(page)
    # A row is never split: every name is whole on one page.
    for name in names:
        assert sum(name in _flat(page) for page in pages) == 1, name


def test_a_long_name_wraps_over_several_lines_and_is_all_there():
    assert len(LONG) > 80

    text = "".join(_pages([LONG]))

    assert LONG not in text.replace(" ", "")  # broken over lines
    assert len([line for line in text.splitlines() if line.strip() and line in LONG]) >= 3
    assert LONG in _flat(text)


def test_the_fonts_are_embedded():
    pdf = _render(_names(3))

    fonts = {}
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for name, font in page["/Resources"]["/Font"].items():
            fonts[name] = font.get_object()
    assert len(fonts) >= 2  # the serif of the text, the sans of the title and the header
    for font in fonts.values():
        descendant = (
            font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
        )
        descriptor = descendant["/FontDescriptor"].get_object()
        assert "/FontFile2" in descriptor or "/FontFile3" in descriptor, font["/BaseFont"]
        assert "/ToUnicode" in font


def test_a_missing_font_names_the_package_to_install():
    with pytest.raises(ImproperlyConfigured, match="fonts-noto-cjk"):
        font_file("No Such Font Family CJK:style=Regular")
