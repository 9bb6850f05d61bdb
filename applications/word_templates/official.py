"""The official documents as templates (GB/T 9704-2012, see `page`): the recommending unit's
初核和推荐意见, the round reports and the comprehensive review report.

Numbered points and headings are 一、二、 (first level, 黑体) and （一）（二） (second level,
楷体); the signature block (the sender's full name as on its seal, the date) stands right.
"""

from __future__ import annotations

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from applications.word_templates import page
from award_portal.documents import word

CENTER = WD_ALIGN_PARAGRAPH.CENTER

# The columns of a round's results table in the report, as the report's rows name them.
RESULT_COLUMNS = (
    "reference",
    "name",
    "category",
    "sheets",
    "mean",
    "aggregate",
    "max_points",
    "percent",
    "rank",
)


def _title(document, value: str) -> None:
    document.add_paragraph(value, style="Title")


def _signature(document, sender: str, day: str) -> None:
    """The sender and the date at the right, four characters in from the margin."""
    page.text(document)
    page.text(document)
    for value in (sender, day):
        paragraph = page.text(document, value, align=WD_ALIGN_PARAGRAPH.RIGHT)
        paragraph.paragraph_format.right_indent = Pt(64)


def _table(document, widths, headers, loop: str, values, *, size: float = 12) -> None:
    """A table with a repeated header row and a row written once per item of `loop`, its
    text in `size` points (五号, 10.5, where many columns share the line)."""
    table = word.fixed_table(document, 4, widths)
    page.header_row(table, 0, headers)
    page.loop_rows(table, 1, loop)
    for target, value in zip(table.rows[2].cells, values, strict=True):
        page.cell(target, value)
    for row in (table.rows[0], table.rows[2]):
        for target in row.cells:
            for run in target.paragraphs[0].runs:
                run.font.size = Pt(size)


def _loop(document, tag: str) -> None:
    page.text(document, "{%p " + tag + " %}")


def _numbered(document, loop: str, line: str) -> None:
    """A numbered paragraph `line` per item of `loop`, or "（无）" when there is none."""
    _loop(document, loop)
    page.text(document, "{{ loop.index }}. " + line, indent=True)
    _loop(document, "else")
    page.text(document, "（无）", indent=True)
    _loop(document, "endfor")


def letter():
    document = page.document(official=True)
    _title(document, "关于{{ edition }}申报材料的初核和推荐意见")
    page.text(document, "{{ authority }}：")
    page.text(
        document,
        "根据评选工作通知要求，我单位对下列申报材料的完整性、真实性、准确性、合法性进行了"
        "初核，并征求了有关部门意见，现将初核和推荐意见报送如下。",
        indent=True,
    )
    _table(
        document,
        [1.4, 4.0, 2.8, 2.8, 2.2, 2.4],
        ["序号", "申报组织/个人", "申报类别", "申报编号", "初核结果", "征求意见"],
        "for r in rows",
        [
            "{{ loop.index }}",
            *page.tags("r", "name", "category", "reference", "result", "consulted"),
        ],
        size=10.5,
    )
    _loop(document, "for item in items")
    page.heading(document, "{{ item.number }}、{{ item.name }}")
    page.text(document, "{{ item.opinion }}", indent=True)
    _loop(document, "endfor")
    page.text(document, "经办人：{{ clerk }}　　联系电话：{{ phone }}", indent=True)
    _signature(document, "{{ unit_full_name }}", "{{ day }}")
    return document


def round_report():
    document = page.document(official=True)
    _title(document, "{{ title }}")
    page.text(
        document,
        "评审时间：{{ opened }} 至 {{ closed }}；汇总方法：{{ aggregation }}。",
        indent=True,
    )
    page.heading(document, "一、评审组")
    _table(
        document,
        [2.2, 4.6, 3.0, 3.6, 2.2],
        ["姓名", "工作单位", "职称/职务", "专业领域", "组内职务"],
        "for m in members",
        [*page.tags("m", "name", "employer", "title", "specialty", "role")],
        size=10.5,
    )
    page.heading(document, "二、评审得分")
    _table(
        document,
        [2.5, 3.2, 1.6, 1.0, 1.45, 1.45, 1.1, 1.3, 1.0, 1.0],
        [
            "申报编号",
            "申报名称",
            "类别",
            "有效评分表",
            "平均分",
            "汇总得分",
            "满分",
            "得分率%",
            "同类排名",
            "晋级",
        ],
        "for r in rows",
        [*page.tags("r", *RESULT_COLUMNS, "advances")],
        size=9,
    )
    page.heading(document, "三、优势与改进机会")
    _loop(document, "for r in comments")
    page.heading(document, "（{{ r.number }}）{{ r.name }}（{{ r.reference }}）", level=2)
    _loop(document, "for c in r.categories")
    page.heading(document, "{{ c.name }}", level=3)
    _loop(document, "for text in c.strengths")
    page.text(document, "优势：{{ text }}", indent=True)
    _loop(document, "endfor")
    _loop(document, "for text in c.opportunities")
    page.text(document, "改进机会：{{ text }}", indent=True)
    _loop(document, "endfor")
    _loop(document, "endfor")
    _loop(document, "endfor")
    _loop(document, "if visits")
    page.heading(document, "四、现场评审情况")
    _loop(document, "for visit in visits")
    page.heading(document, "（{{ visit.number }}）{{ visit.name }}（{{ visit.reference }}）", 2)
    page.text(
        document,
        "日期：{{ visit.day }}；地点：{{ visit.place }}；现场评审组：{{ visit.team }}。",
        indent=True,
    )
    _table(
        document,
        [5.2, 2.4, 8.0],
        ["核查事项", "结论", "说明"],
        "for check in visit.checks",
        [*page.tags("check", "item", "verdict", "note")],
        size=10.5,
    )
    _loop(document, "if visit.findings")
    page.text(document, "现场发现：{{ visit.findings }}", indent=True)
    _loop(document, "endif")
    _loop(document, "endfor")
    _loop(document, "endif")
    _loop(document, "if slots")
    page.heading(document, "四、陈述答辩安排")
    _table(
        document,
        [1.2, 5.0, 3.4, 3.4, 2.6],
        ["顺序", "申报名称", "时间", "地点", "陈述人"],
        "for s in slots",
        [*page.tags("s", "order", "name", "time", "place", "presenter")],
    )
    _loop(document, "endif")
    page.heading(document, "{{ numbers.advancing }}、晋级名单")
    _numbered(document, "for a in advancing", "{{ a.name }}（{{ a.reference }}）")
    page.heading(document, "{{ numbers.opinion }}、评审组意见")
    page.text(document, "{{ summary }}", indent=True)
    _signature(document, "{{ authority }}", "{{ day }}")
    return document


def deliberation_report():
    document = page.document(official=True)
    _title(document, "{{ title }}")
    page.heading(document, "一、评审依据与方法")
    page.text(
        document,
        "根据材料评审、现场评审和陈述答辩情况，按各阶段得分率加权计算综合得分。"
        "组织：{{ weights_organization }}；个人：{{ weights_individual }}。",
        indent=True,
    )
    page.text(document, "获奖最低综合得分：{{ minimum }}（宁缺毋滥）。", indent=True)
    page.text(document, "同分处理：{{ tie_break }}", indent=True)
    page.heading(document, "二、综合得分排名")
    _loop(document, "for s in sections")
    page.heading(document, "（{{ s.number }}）{{ s.kind }}（名额{{ s.quota }}名）", level=2)
    _table(
        document,
        [1.0, 2.6, 3.2, 1.9, 3.0, 1.5, 1.2, 1.2],
        ["排名", "申报编号", "名称", "类别", "各阶段得分率", "综合得分", "达到最低分", "状态"],
        "for r in s.rows",
        [
            *page.tags(
                "r",
                "rank",
                "reference",
                "name",
                "category",
                "stages",
                "composite",
                "eligible",
                "status",
            )
        ],
        size=10.5,
    )
    _loop(document, "endfor")
    page.heading(document, "三、拟获奖建议名单")
    _numbered(document, "for p in proposals", "{{ p.line }}")
    page.text(
        document,
        "空缺名额：组织奖{{ vacancies_organization }}名，个人奖{{ vacancies_individual }}名。",
        indent=True,
    )
    _loop(document, "if reason")
    page.text(document, "未按排名顺序提名的理由：{{ reason }}", indent=True)
    _loop(document, "endif")
    page.heading(document, "四、综合评审意见")
    page.text(document, "{{ summary }}", indent=True)
    _loop(document, "if decision")
    page.heading(document, "五、领导小组审议结果")
    page.text(document, "{{ decision }}", indent=True)
    _loop(document, "endif")
    _signature(document, "{{ authority }}", "{{ day }}")
    return document
