"""The five 申报表 of the notice's 附件1–5 as templates: a cover page (applicant, seal,
recommending unit, date), 填表说明, the category's sections as label–answer grids, the three
years' figures as a year × indicator grid, the self-assessment summary, the criteria, and the
boxes for the applicant's declaration and the unit's recorded opinion.

The layout is laid down once from the category's form; the answers are docxtpl tags
(`{{ v.org_name }}`), so the city office can move, reword or drop anything in Word.
"""

from __future__ import annotations

from datetime import date

from django import forms
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from applications.intake.forms import FORMS
from applications.intake.forms.base import _EditionYear
from applications.intake.forms.team import TeamForm
from applications.word_templates import page
from award_portal.documents import word
from award_portal.documents.fonts import HEI, SONG, XIAOBIAOSONG

LABEL, VALUE = 3.0, 5.0  # a label and its answer: two pairs make the 16 cm line
PAIRS = [LABEL, VALUE, LABEL, VALUE]
# GB/T 19580-2012: the seven categories and their points
CATEGORIES_19580 = (
    ("领导", 110),
    ("战略", 90),
    ("顾客与市场", 90),
    ("资源", 130),
    ("过程管理", 100),
    ("测量、分析与改进", 80),
    ("结果", 400),
)
INSTRUCTIONS_ORGANIZATION = (
    "本表由申报组织如实填写，所填内容及所附材料须真实、准确、合法，不得涂改。",
    "申报材料包括申报表、自我评价报告和证实性材料：整理成册的纸质材料1份，Word或PDF电子版1份。",
    "申报组织应在本组织内部公示不少于5个工作日（分支、内设或派出机构由有关单位公示），"
    "公示无异议的，出具申报推荐意见。",
    "“近三年主要经营指标”填写申报前三个完整年度的数据，金额单位为万元。",
    "自我评价报告按GB/T 19580《卓越绩效评价准则》的七个类目撰写，"
    "字数不超过{{ self_assessment_limit }}字；自评得分按类目填写。",
    "本表经法定代表人签字并加盖申报组织公章，由推荐单位签署初核推荐意见并盖章后，"
    "报{{ authority }}。",
)
INSTRUCTIONS_INDIVIDUAL = (
    "本表由申报人如实填写，所填内容及所附材料须真实、准确、合法，不得涂改。",
    "申报材料包括申报表、自我评价报告和证实性材料：整理成册的纸质材料1份，Word或PDF电子版1份。",
    "申报人由所在单位在单位内部公示不少于5个工作日，公示无异议的，出具申报推荐意见。",
    "照片栏粘贴申报人近期二寸免冠彩色照片；出生年月按居民身份证填写。",
    "“主要事迹”写明质量创新和改进的工作方法、经验或成果，及其对行业和全市质量发展的贡献。",
    "本表经申报人签字、所在单位盖章，由推荐单位签署初核推荐意见并盖章后，报{{ authority }}。",
)
NUMERALS = "一二三四五六七八九十"


def build(code: str):
    """The template of category `code` (general, medical, education, team, individual)."""
    form_class = FORMS[code]
    form = form_class(edition=_EditionYear(date(2000, 1, 1)), unit_choices=[])
    individual = code == "individual"
    document = page.document(official=False)
    _cover(document, individual=individual)
    _instructions(document, individual=individual)
    yearly = {f"{prefix}_{index}" for prefix, *_ in form.yearly for index in (1, 2, 3)}
    for section in form.all_sections():
        if section.anchor == "criteria":
            continue
        fields = [name for name in section.fields if name not in yearly]
        if isinstance(form, TeamForm):
            fields = [name for name in fields if name != "members"]
        if individual and section.anchor == "basic":
            _person(document, form, section.title)
        elif fields:
            _section(document, form, section.title, fields)
        if any(name in yearly for name in section.fields):
            _yearly(document, form)
        if isinstance(form, TeamForm) and "members" in section.fields:
            _members(document)
    if not individual:
        _self_assessment(document)
    _criteria(document)
    _opinions(document, individual=individual)
    page.text(document, "{{ note }}", size=9, east_asian=SONG)
    return document


def _cover(document, *, individual: bool) -> None:
    page.text(document, "编号：{{ reference }}", align=WD_ALIGN_PARAGRAPH.RIGHT)
    for _ in range(4):
        page.text(document)
    page.text(
        document,
        "{{ city }}政府质量奖",
        align=WD_ALIGN_PARAGRAPH.CENTER,
        east_asian=XIAOBIAOSONG,
        size=26,
    )
    page.text(
        document, "申　报　表", align=WD_ALIGN_PARAGRAPH.CENTER, east_asian=XIAOBIAOSONG, size=36
    )
    page.text(
        document, "（{{ category }}）", align=WD_ALIGN_PARAGRAPH.CENTER, east_asian=HEI, size=18
    )
    for _ in range(5):
        page.text(document)
    lines = (
        ("申报人（签字）" if individual else "申报组织（盖章）", "{{ applicant }}"),
        ("所在单位（盖章）" if individual else "法定代表人", "{{ cover_second }}"),
        ("推荐单位（盖章）", "{{ unit }}"),
        ("申报日期", "{{ submitted }}"),
    )
    table = word.fixed_table(document, len(lines), [5.2, 8.0], style=None)
    for row, (label, value) in zip(table.rows, lines, strict=True):
        page.cell(row.cells[0], label + "：", align=WD_ALIGN_PARAGRAPH.DISTRIBUTE, font=HEI)
        page.cell(row.cells[1], value, align=WD_ALIGN_PARAGRAPH.CENTER)
        _underline(row.cells[1])
        page.min_height(row, 1.3)
    for row in table.rows:
        for target in row.cells:
            for run in target.paragraphs[0].runs:
                run.font.size = Pt(15)
    for _ in range(6):
        page.text(document)
    page.text(
        document, "{{ authority }}制", align=WD_ALIGN_PARAGRAPH.CENTER, east_asian=HEI, size=15
    )
    page.text(
        document,
        "{{ edition }}（{{ period }}）",
        align=WD_ALIGN_PARAGRAPH.CENTER,
        east_asian=SONG,
        size=14,
    )
    page.page_break(document)


def _underline(target) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    borders = OxmlElement("w:tcBorders")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "0"), ("w:color", "000000")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    target._element.get_or_add_tcPr().append(borders)


def _instructions(document, *, individual: bool) -> None:
    page.text(document, "填 表 说 明", align=WD_ALIGN_PARAGRAPH.CENTER, east_asian=HEI, size=18)
    page.text(document)
    items = INSTRUCTIONS_INDIVIDUAL if individual else INSTRUCTIONS_ORGANIZATION
    for number, item in enumerate(items):
        paragraph = page.text(
            document, f"{NUMERALS[number]}、{item}", indent=True, size=14, east_asian=SONG
        )
        paragraph.paragraph_format.line_spacing = Pt(26)
    page.page_break(document)


def _title_row(table, title: str) -> None:
    row = table.rows[0]
    merged = row.cells[0].merge(row.cells[-1])
    page.cell(merged, str(title), align=WD_ALIGN_PARAGRAPH.CENTER, font=HEI, bold=True)
    word.shade(merged)
    word.repeat_header(row)


def _is_long(form, name: str) -> bool:
    return isinstance(form.fields[name].widget, forms.Textarea)


def _section(document, form, title: str, names: list[str]) -> None:
    """Short answers two to a row, long ones across the row."""
    rows: list[list[str]] = []
    for name in names:
        if _is_long(form, name):
            rows.append([name])
        elif rows and len(rows[-1]) == 1 and not _is_long(form, rows[-1][0]):
            rows[-1].append(name)
        else:
            rows.append([name])
    table = word.fixed_table(document, len(rows) + 1, PAIRS)
    _title_row(table, title)
    for row, pair in zip(table.rows[1:], rows, strict=True):
        cells = row.cells
        if len(pair) == 1:
            merged = cells[1].merge(cells[3])
            page.cell(cells[0], str(form.fields[pair[0]].label), bold=True)
            page.cell(merged, page.tag(f"v.{pair[0]}"))
            page.min_height(row, 3.0 if _is_long(form, pair[0]) else 0.8)
            continue
        page.min_height(row, 0.8)
        for offset, name in enumerate(pair):
            page.cell(cells[2 * offset], str(form.fields[name].label), bold=True)
            page.cell(cells[2 * offset + 1], page.tag(f"v.{name}"))
    page.text(document)


def _person(document, form, title: str) -> None:
    """The individual's basic facts beside a box for the photo."""
    grid = [2.6, 3.6, 2.6, 3.6, 3.6]
    lines = [
        (("name", "姓名"), ("gender", "性别")),
        (("birth", "出生年月"), ("ethnicity", "民族")),
        (("political_status", "政治面貌"), ("education", "学历")),
        (("quality_years", "从事质量工作年限"), None),
        (("id_number", "身份证号"), None),
    ]
    table = word.fixed_table(document, len(lines) + 1, grid)
    _title_row(table, title)
    for row, (first, second) in zip(table.rows[1:], lines, strict=True):
        cells = row.cells
        page.min_height(row, 1.0)
        page.cell(cells[0], first[1], bold=True)
        value = "{{ birth }}" if first[0] == "birth" else page.tag(f"v.{first[0]}")
        if second is None:
            page.cell(cells[1].merge(cells[3]), value)
        else:
            page.cell(cells[1], value)
            page.cell(cells[2], second[1], bold=True)
            page.cell(cells[3], page.tag(f"v.{second[0]}"))
    photo = table.rows[1].cells[4].merge(table.rows[-1].cells[4])
    page.cell(photo, "（照片）\n二寸免冠\n彩色照片", align=WD_ALIGN_PARAGRAPH.CENTER)
    page.text(document)


def _yearly(document, form) -> None:
    """The three years' indicators: a row per indicator, a column per year."""
    grid = [4.6, 1.6, 3.2, 3.3, 3.3]
    table = word.fixed_table(document, len(form.yearly) + 2, grid)
    _title_row(table, "近三年主要经营指标")
    page.header_row(
        table, 1, ["指标", "单位", "{{ years[0] }}年", "{{ years[1] }}年", "{{ years[2] }}年"]
    )
    for row, (prefix, label, unit, _negative) in zip(table.rows[2:], form.yearly, strict=True):
        cells = row.cells
        page.min_height(row, 0.8)
        page.cell(cells[0], str(label), bold=True)
        page.cell(cells[1], str(unit), align=WD_ALIGN_PARAGRAPH.CENTER)
        for index in (1, 2, 3):
            page.cell(
                cells[index + 1],
                page.tag(f"figures.{prefix}_{index}"),
                align=WD_ALIGN_PARAGRAPH.RIGHT,
            )
    page.text(document)


def _numbered(document, title: str, widths, headers, loop: str, values) -> None:
    """A titled table with a row per item of `loop`, numbered in its first column."""
    table = word.fixed_table(document, 5, widths)
    _title_row(table, title)
    page.header_row(table, 1, headers)
    page.loop_rows(table, 2, loop)
    cells = table.rows[3].cells
    page.cell(cells[0], "{{ loop.index }}", align=WD_ALIGN_PARAGRAPH.CENTER)
    for target, value in zip(cells[1:], values, strict=True):
        center = value.endswith(".mark }}")
        page.cell(target, value, align=WD_ALIGN_PARAGRAPH.CENTER if center else None)
    page.text(document)


def _members(document) -> None:
    _numbered(
        document,
        "班组成员名单",
        [1.6, 4.0, 5.2, 5.2],
        ["序号", "姓名", "岗位", "职称或技能等级"],
        "for m in members",
        page.tags("m", "name", "post", "title"),
    )


def _self_assessment(document) -> None:
    table = word.fixed_table(document, len(CATEGORIES_19580) + 4, [1.6, 7.2, 3.6, 3.6])
    _title_row(table, "自我评价概述（GB/T 19580）")
    page.header_row(table, 1, ["序号", "类目", "分值", "自评得分"])
    for number, (row, (name, points)) in enumerate(
        zip(table.rows[2:], CATEGORIES_19580, strict=False), start=1
    ):
        cells = row.cells
        page.cell(cells[0], str(number), align=WD_ALIGN_PARAGRAPH.CENTER)
        page.cell(cells[1], name)
        page.cell(cells[2], str(points), align=WD_ALIGN_PARAGRAPH.CENTER)
        page.cell(cells[3], page.tag(f"self_scores[{number - 1}]"), align=WD_ALIGN_PARAGRAPH.CENTER)
    total = table.rows[-2].cells
    page.cell(total[0].merge(total[1]), "合计", bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    page.cell(total[2], "1000", align=WD_ALIGN_PARAGRAPH.CENTER)
    page.cell(total[3], "{{ self_scores[7] }}", align=WD_ALIGN_PARAGRAPH.CENTER)
    report = table.rows[-1].cells
    page.cell(report[0].merge(report[1]), "自我评价报告", bold=True)
    page.cell(report[2].merge(report[3]), "{{ self_assessment }}")
    page.text(document)


def _criteria(document) -> None:
    _numbered(
        document,
        "申报条件（通知第二条）",
        [1.2, 9.4, 2.4, 3.0],
        ["序号", "申报条件", "确认", "说明"],
        "for c in criteria",
        page.tags("c", "text", "mark", "note"),
    )


def _opinions(document, *, individual: bool) -> None:
    table = word.fixed_table(document, 2, [2.2, 13.8])
    own = "申报人承诺及所在单位意见" if individual else "申报组织意见"
    signer = (
        "申报人（签字）：　　　　　　所在单位（盖章）"
        if individual
        else "法定代表人（签字）：　　　　　　（申报组织盖章）"
    )
    rows = (
        (own, ("{{ declaration }}", "", signer, "{{ blank_date }}")),
        (
            "推荐单位意见",
            (
                "{{ unit_opinion }}",
                "",
                "负责人（签字）：　　　　　　（{{ unit }}盖章）",
                "{{ unit_date }}",
            ),
        ),
    )
    for row, (label, lines) in zip(table.rows, rows, strict=True):
        page.min_height(row, 6.0)
        page.cell(row.cells[0], label, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
        target = row.cells[1]
        page.cell(target, lines[0])
        target.paragraphs[0].paragraph_format.first_line_indent = Pt(21)
        for line in lines[1:]:
            paragraph = target.add_paragraph(line, style=page.CELL_STYLE)
            paragraph.paragraph_format.space_before = Pt(12)
            if line:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    page.text(document)
