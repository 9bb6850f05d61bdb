"""The unit's Excel list with real values in it: the submission time as a local date and
time, the paper copy's date as a date, counts as numbers, and a long opinion wrapped in a row
tall enough to show all of it."""

import io
from datetime import UTC, datetime, time

from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from applications.models import Application, PrecheckReview
from award_portal.documents import excel
from tests.precheck.conftest import prechecked

LONG_OPINION = (
    "经初核，该单位申报材料完整、真实、准确、合法，近三年未发生重大质量、安全、环境污染事故，"
    "无违法违规行为，经营业绩在同行业中处于领先水平，同意推荐参加第三届攀枝花市政府质量奖评选。"
)


def _workbook(response):
    return load_workbook(io.BytesIO(response.content))


def test_unit_export_writes_real_dates_counts_and_a_wrapped_opinion(
    client, officer, unit, submitted
):
    application = prechecked(submitted(unit, applicant_name="东区企业"), officer)
    # 23:30 on 15 November in UTC is 07:30 on 16 November in Shanghai.
    Application.objects.filter(pk=application.pk).update(
        submitted_at=datetime(2026, 11, 15, 23, 30, tzinfo=UTC)
    )
    PrecheckReview.objects.filter(application=application).update(opinion=LONG_OPINION)
    client.force_login(officer)

    sheet = _workbook(client.get(reverse("applications:unit_export"))).active

    cells = dict(zip([c.value for c in sheet[3]], sheet[4], strict=True))
    assert cells["提交时间"].value == datetime(2026, 11, 16, 7, 30)
    assert cells["提交时间"].number_format == "yyyy-mm-dd hh:mm"
    assert cells["纸质材料接收日期"].value == datetime.combine(timezone.localdate(), time())
    assert cells["纸质材料接收日期"].number_format == "yyyy-mm-dd"
    assert (cells["征求意见（条）"].value, cells["征求意见（条）"].number_format) == (1, "0")
    opinion = cells["初核和推荐意见"]
    width = sheet.column_dimensions[opinion.column_letter].width
    assert opinion.value == LONG_OPINION and opinion.alignment.wrap_text
    assert excel.line_count(LONG_OPINION, width) > 2
    assert sheet.row_dimensions[4].height >= excel.line_count(LONG_OPINION, width) * 14.25
