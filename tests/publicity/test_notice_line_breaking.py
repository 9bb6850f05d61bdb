"""The proposed-winner notice keeps Chinese line-breaking rules (避头尾): no printed line starts
with a closing mark ("。" "，" "、" "；" "：" "）" "」" "』" "》"), none ends with an opening one,
and a number is never split. The paragraphs and names below put such a mark exactly where a
line is full, at every offset around the line's end; the text read back by pdftotext is
checked line by line, and reads back whole."""

import re
import subprocess
import tempfile
from datetime import date

from fpdf.enums import WrapMode

from award_portal.documents.linebreak import CLOSING, break_lines, units
from publicity.models import PublicityEntry, PublicityWindow
from publicity.notice import render_notice_pdf
from tests.publicity.test_notice import _entries as notice_entries
from tests.publicity.test_notice import _window as notice_window

CLOSING_MARKS = "。，、；：）」』》"
SENTENCE = "经评审委员会评审、领导小组审定，拟对下列单位和个人予以表扬"
BODY = "\n".join(
    (SENTENCE * 2)[: 30 + offset] + mark + "现予公示，接受社会监督。"
    for offset in range(12)
    for mark in ("。", "，", "》")
)
NAMES = [
    "攀枝花钒钛新材料科技有限公司"[:length] + "（集团）有限责任公司" for length in range(10, 15)
] + ["攀枝花市中心医院" + "钒钛" * k + "“医共体”、「总院」；『分院』" for k in range(4)]


def _window() -> PublicityWindow:
    window = notice_window()
    window.title = "第三届攀枝花市政府质量奖拟表扬对象公示"
    window.document_number = "攀质强办〔2023〕21号"
    window.body = BODY
    return window


def _entries() -> list[PublicityEntry]:
    entries = notice_entries(NAMES)
    for entry in entries:
        entry.category_name = "组织类（制造业）"
        entry.unit_name = "攀枝花钒钛高新技术产业开发区管委会（市经济和信息化局）"
    return entries


def _pdftotext(pdf: bytes) -> str:
    return subprocess.run(
        ["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()


def test_no_line_of_the_notice_starts_with_a_closing_mark():
    pdf = render_notice_pdf(window=_window(), entries=_entries(), published_on=date(2023, 11, 20))

    text = _pdftotext(pdf)
    lines = [line.strip() for line in text.splitlines() if line.strip()]

    starts = [line for line in lines if line[0] in CLOSING_MARKS]
    assert starts == []
    assert [line for line in lines if line[-1] in "（「『《“"] == []
    flat = "".join(line for line in lines if not re.fullmatch(r"\d+ ?/ ?\d+", line))
    flat = flat.replace(" ", "")
    for paragraph in BODY.splitlines():
        assert paragraph in flat
    for name in NAMES:
        assert name in flat


def test_breaking_by_character_alone_would_have_started_lines_with_a_mark():
    """The text above does meet the rule's cases: fpdf2's own breaking by character puts a
    closing mark first on some line of it."""
    from fpdf import FPDF

    from publicity.notice import INDENT, SERIF, truetype_font

    with tempfile.TemporaryDirectory() as folder:
        pdf = FPDF(unit="mm", format="A4")
        pdf.add_font("serif", "", fname=truetype_font(SERIF, BODY + INDENT, f"{folder}/s.ttf"))
        pdf.add_page()
        pdf.set_font("serif", size=12)
        pdf.c_margin = 0
        width = 210 - 2 * 22
        naive = [
            line
            for paragraph in BODY.splitlines()
            for line in pdf.multi_cell(
                width,
                text=INDENT + paragraph,
                dry_run=True,
                output="LINES",
                wrapmode=WrapMode.CHAR,
            )
        ]
        ruled = [
            line
            for paragraph in BODY.splitlines()
            for line in break_lines(INDENT + paragraph, width, pdf.get_string_width)
        ]

    assert any(line[:1] in CLOSING_MARKS for line in naive)
    assert not any(line[:1] in CLOSING for line in ruled)
    assert all(pdf.get_string_width(line) <= width + 1e-6 for line in ruled)


def test_the_rules_keep_marks_and_numbers_with_their_neighbours():
    assert units("公示期：2023年6月1日（星期四）。") == [
        "公",
        "示",
        "期：",
        "2023",
        "年",
        "6",
        "月",
        "1",
        "日",
        "（星",
        "期",
        "四）。",
    ]

    def one(char: str) -> float:
        return 1

    assert break_lines("一二三四五。六七", 5, one) == ["一二三四", "五。六七"]
    assert break_lines("一二三四（五六）", 5, one) == ["一二三四", "（五六）"]
    assert break_lines("GB/T19580-2012标准", 14, one) == ["GB/T19580-2012", "标准"]
