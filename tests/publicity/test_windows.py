import io
from datetime import date, timedelta

import pytest
from django.db import IntegrityError
from django.utils import timezone
from pypdf import PdfReader

from applications.models import Status
from publicity import calendar
from publicity.errors import PublicityError
from publicity.models import PublicityWindow, WindowEvent, WindowKind
from publicity.windows import services as windows
from tests.factories import ApplicationFactory, EditionFactory
from tests.publicity.factories import (
    AcceptedApplicationFactory,
    CityOfficeFactory,
    EntryFactory,
    PublishedWindowFactory,
    WindowFactory,
)

# Working days are counted from today here: a day of a year the calendar knows.
pytestmark = [pytest.mark.django_db, pytest.mark.now("2026-11-16")]


def _create(**overrides):
    edition = overrides.pop("edition", None) or EditionFactory()
    applications = overrides.pop("applications", None) or [
        AcceptedApplicationFactory(edition=edition)
    ]
    params = {
        "edition": edition,
        "kind": WindowKind.ACCEPTANCE,
        "title": "第三届攀枝花市政府质量奖受理名单公示",
        "body": "经审查，下列申报符合申报条件，予以受理。\n现予公示。",
        "start_date": timezone.localdate(),
        "workdays": 5,
        "applications": applications,
        "actor": CityOfficeFactory(),
    }
    params.update(overrides)
    return windows.create_window(**params)


def test_create_window_computes_end_from_working_days():
    window = _create(workdays=7)

    assert window.status == PublicityWindow.Status.DRAFT
    assert window.end_date == calendar.add_workdays(window.start_date, 7)
    assert window.entries.count() == 1


def test_create_window_shorter_than_five_workdays_is_refused_and_nothing_stored():
    with pytest.raises(PublicityError) as excinfo:
        _create(workdays=4)

    assert "不得少于5个工作日" in excinfo.value.message
    assert PublicityWindow.objects.count() == 0


def test_window_end_before_start_is_refused_by_the_database():
    window = WindowFactory()

    with pytest.raises(IntegrityError):
        PublicityWindow.objects.filter(pk=window.pk).update(
            end_date=window.start_date - timedelta(days=1)
        )


def test_create_window_with_an_application_not_accepted_is_refused():
    edition = EditionFactory()
    draft = ApplicationFactory(edition=edition, applicant_name="草稿企业")

    with pytest.raises(PublicityError) as excinfo:
        _create(edition=edition, applications=[draft])

    assert excinfo.value.message == "“草稿企业”当前状态为“草稿”，不能列入“受理名单公示”。"
    assert PublicityWindow.objects.count() == 0


def test_publish_window_renders_the_notice_in_real_chinese():
    edition = EditionFactory()
    applications = [
        AcceptedApplicationFactory(edition=edition, applicant_name="攀枝花堃喆犇镕钒钛有限公司"),
        AcceptedApplicationFactory(edition=edition, applicant_name="米易县晨曦农业合作社"),
    ]
    window = _create(
        edition=edition, applications=applications, document_number="攀质强办〔2023〕5号"
    )
    office = CityOfficeFactory()

    window = windows.publish_window(window=window, actor=office)

    assert window.status == PublicityWindow.Status.PUBLISHED
    text = (
        "".join(
            page.extract_text() for page in PdfReader(io.BytesIO(window.notice_pdf.read())).pages
        )
        .replace(" ", "")
        .replace("\n", "")
    )
    assert "第三届攀枝花市政府质量奖受理名单公示" in text
    assert "攀枝花堃喆犇镕钒钛有限公司" in text
    assert "米易县晨曦农业合作社" in text
    assert "攀枝花市质量强市工作领导小组办公室" in text
    today = timezone.localdate()
    assert f"{today.year}年{today.month}月{today.day}日" in text
    end = window.end_date
    assert f"至{end.year}年{end.month}月{end.day}日（5个工作日）" in text
    assert list(window.events.values_list("kind", flat=True)) == ["published"]


def test_publish_window_keeps_the_snapshot_when_the_application_changes():
    application = AcceptedApplicationFactory(applicant_name="原名称有限公司")
    window = _create(edition=application.edition, applications=[application])
    windows.publish_window(window=window, actor=CityOfficeFactory())

    application.applicant_name = "新名称有限公司"
    application.save()

    assert list(window.entries.values_list("display_name", flat=True)) == ["原名称有限公司"]


def test_update_window_after_publishing_is_refused():
    window = _create()
    office = CityOfficeFactory()
    windows.publish_window(window=window, actor=office)

    with pytest.raises(PublicityError) as excinfo:
        windows.update_window(
            window=window,
            title="改名",
            body="正文",
            start_date=window.start_date,
            workdays=10,
            applications=[e.application for e in window.entries.all()],
            actor=office,
        )

    assert "不能再修改" in excinfo.value.message
    window.refresh_from_db()
    assert window.workdays == 5


def test_publish_window_twice_is_refused():
    window = _create()
    office = CityOfficeFactory()
    windows.publish_window(window=window, actor=office)

    with pytest.raises(PublicityError) as excinfo:
        windows.publish_window(window=window, actor=office)

    assert excinfo.value.message == "该公示当前状态为“已发布”，不能再次发布。"
    assert WindowEvent.objects.filter(window=window).count() == 1


def test_publish_window_into_a_year_without_schedule_is_refused(monkeypatch):
    window = WindowFactory(start_date=date(2026, 12, 28), end_date=None)
    EntryFactory(window=window)
    # The start must not be in the past for publishing; this test is about the calendar.
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: date(2026, 12, 1))

    with pytest.raises(PublicityError) as excinfo:
        windows.publish_window(window=window, actor=CityOfficeFactory())

    assert "2027年的法定节假日安排尚未录入" in excinfo.value.message
    window.refresh_from_db()
    assert window.status == PublicityWindow.Status.DRAFT
    assert not window.notice_pdf


def test_publish_second_acceptance_list_of_an_edition_is_refused():
    first = PublishedWindowFactory()
    second = _create(edition=first.edition)

    with pytest.raises(PublicityError) as excinfo:
        windows.publish_window(window=second, actor=CityOfficeFactory())

    assert "正在公示" in excinfo.value.message


def test_withdraw_window_requires_a_reason():
    window = PublishedWindowFactory()

    with pytest.raises(PublicityError) as excinfo:
        windows.withdraw_window(window=window, actor=CityOfficeFactory(), reason="  ")

    assert excinfo.value.message == "请填写撤回理由，撤回理由将向社会公开。"
    window.refresh_from_db()
    assert window.status == PublicityWindow.Status.PUBLISHED


def test_withdraw_then_replace_copies_the_list_into_a_new_draft():
    entry = EntryFactory()
    office = CityOfficeFactory()
    windows.withdraw_window(window=entry.window, actor=office, reason="名单有误，更正后重新公示。")

    draft = windows.replace_window(
        window=PublicityWindow.objects.get(pk=entry.window.pk), actor=office
    )

    assert draft.status == PublicityWindow.Status.DRAFT
    assert draft.replaces_id == entry.window.pk
    assert list(draft.entries.values_list("application_id", flat=True)) == [entry.application_id]
    with pytest.raises(PublicityError):
        windows.replace_window(window=PublicityWindow.objects.get(pk=entry.window.pk), actor=office)


@pytest.mark.parametrize("kind", [WindowKind.PROPOSED, WindowKind.SUBSTITUTE])
def test_winner_lists_take_only_what_the_leadership_group_approved(kind):
    edition = EditionFactory()
    approved = ApplicationFactory(edition=edition, status=Status.APPROVED)
    proposed = ApplicationFactory(
        edition=edition, status=Status.PROPOSED, applicant_name="待审议公司"
    )

    window = _create(edition=edition, kind=kind, applications=[approved])
    with pytest.raises(PublicityError) as refused:
        _create(edition=edition, kind=kind, applications=[approved, proposed])

    assert window.entries.get().application == approved
    assert "“待审议公司”当前状态为“拟获奖建议”" in refused.value.message
