import pytest
from django.urls import reverse
from django.utils import timezone

from publicity import calendar
from publicity.models import PublicityWindow, WindowKind
from publicity.objections import services as objections
from publicity.windows import services as windows
from tests.factories import UserFactory
from tests.publicity.factories import (
    AcceptedApplicationFactory,
    CityOfficeFactory,
    EndedWindowFactory,
    EntryFactory,
    ObjectionFactory,
    PublishedWindowFactory,
    SupervisorFactory,
    WindowFactory,
    published_acceptance_window,
)

# Working days are counted from today here: a day of a year the calendar knows.
pytestmark = [pytest.mark.django_db, pytest.mark.now("2026-11-16")]

# the newest window event: the listing is kept under it once rendered
PUBLIC_LIST_QUERIES = 1
# session, user, the list (the idle timeout writes the session at most once a minute)
STAFF_LIST_QUERIES = 3


def _rows(n):
    for i in range(n):
        window = PublishedWindowFactory(kind=WindowKind.SUBSTITUTE)
        EntryFactory.create_batch(2, window=window)
        EndedWindowFactory(kind=WindowKind.SUBSTITUTE, title=f"往期公示{i}")


@pytest.mark.parametrize("rows", [1, 3])
def test_public_list_query_count_is_fixed(client, django_assert_num_queries, rows):
    _rows(rows)
    client.get(reverse("publicity:public_list"))  # the calendar overrides are cached once

    with django_assert_num_queries(PUBLIC_LIST_QUERIES):
        response = client.get(reverse("publicity:public_list"))

    assert response.status_code == 200
    assert response.content.decode().count("对名单提出异议") == rows
    assert response.content.decode().count("往期公示") == rows + 1


def test_public_list_shows_entries_and_remaining_workdays_without_login(client):
    entry = EntryFactory(display_name="攀枝花堃喆钢铁有限公司")
    window = entry.window
    remaining = calendar.workdays_between(timezone.localdate(), window.end_date)

    response = client.get(reverse("publicity:public_list"))

    html = response.content.decode()
    assert "攀枝花堃喆钢铁有限公司" in html
    assert f"剩余 {remaining} 个工作日" in html
    assert "style=" not in html


def test_public_list_follows_publishing_and_withdrawing_at_once(client):
    application = AcceptedApplicationFactory()
    office = CityOfficeFactory()
    url = reverse("publicity:public_list")
    client.get(url)  # kept: no window yet

    window = published_acceptance_window([application], actor=office, title="第三届受理名单公示")
    published = client.get(url).content.decode()
    windows.withdraw_window(window=window, actor=office, reason="名单有误。")
    withdrawn = client.get(url).content.decode()

    assert "第三届受理名单公示" in published
    assert application.applicant_name in published
    assert "对名单提出异议" not in withdrawn
    assert "第三届受理名单公示" in withdrawn  # now in the archive
    assert "已撤回" in withdrawn


def test_public_list_previews_a_long_list_and_links_to_the_whole(client):
    window = PublishedWindowFactory()
    for position in range(1, 46):
        EntryFactory(window=window, position=position, display_name=f"申报单位第{position:02d}号")

    html = client.get(reverse("publicity:public_list")).content.decode()

    assert "申报单位第20号" in html
    assert "申报单位第21号" not in html
    assert "共 45 项，查看完整名单" in html
    assert reverse("publicity:public_detail", kwargs={"pk": window.pk}) in html


def test_published_list_pages_are_read_once(client, django_assert_num_queries):
    window = PublishedWindowFactory()
    for position in range(1, 251):
        EntryFactory(window=window, position=position, display_name=f"申报单位第{position:03d}号")
    url = reverse("publicity:public_detail", kwargs={"pk": window.pk})
    client.get(url, {"page": 3})  # the first reader renders the page

    with django_assert_num_queries(1):  # the window itself: its status and dates may change
        third = client.get(url, {"page": 3})
    with django_assert_num_queries(2):  # another page: its lines (the length is known)
        first = client.get(url, {"page": "abc"})

    assert "申报单位第201号" in third.content.decode()
    assert "第 3 / 3 页，共 250 项" in third.content.decode()
    assert "申报单位第001号" in first.content.decode()
    assert "申报单位第201号" not in first.content.decode()


def test_published_list_is_kept_per_language(client):
    window = EntryFactory(display_name="攀枝花犇镕有限公司").window
    url = reverse("publicity:public_detail", kwargs={"pk": window.pk})

    chinese = client.get(url).content.decode()
    client.cookies["django_language"] = "en"
    english = client.get(url).content.decode()

    assert "序号" in chinese
    assert "攀枝花犇镕有限公司" in english
    assert "序号" not in english


def test_a_withdrawn_window_keeps_its_list_and_shows_the_withdrawal(client):
    window = EntryFactory(display_name="攀枝花喆堃有限公司").window
    url = reverse("publicity:public_detail", kwargs={"pk": window.pk})
    client.get(url)

    windows.withdraw_window(window=window, actor=CityOfficeFactory(), reason="名单有误。")
    html = client.get(url).content.decode()

    assert "攀枝花喆堃有限公司" in html
    assert "撤回理由：名单有误。" in html


def test_public_list_hides_drafts(client):
    draft = WindowFactory(title="尚未发布的公示")

    response = client.get(reverse("publicity:public_list"))
    detail = client.get(reverse("publicity:public_detail", kwargs={"pk": draft.pk}))

    assert "尚未发布的公示" not in response.content.decode()
    assert detail.status_code == 404


def test_public_detail_of_a_withdrawn_window_shows_the_reason(client):
    window = PublishedWindowFactory()
    windows.withdraw_window(window=window, actor=CityOfficeFactory(), reason="名单有误。")

    response = client.get(reverse("publicity:public_detail", kwargs={"pk": window.pk}))

    assert response.status_code == 200
    assert "撤回理由：名单有误。" in response.content.decode()


def test_notice_pdf_download_after_publishing(client):
    window = published_acceptance_window([AcceptedApplicationFactory()], actor=CityOfficeFactory())

    response = client.get(reverse("publicity:notice_pdf", kwargs={"pk": window.pk}))

    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def _opened_with_objections(client, name: str, viewer, rows: int) -> str:
    """`rows` objections to substitute lists, the page `name` opened once by `viewer` (so its
    caches are warm): the page's URL."""
    for _ in range(rows):
        ObjectionFactory(entry__window__kind=WindowKind.SUBSTITUTE)
    client.force_login(viewer)
    url = reverse(name)
    client.get(url)
    return url


@pytest.mark.parametrize("rows", [1, 3])
def test_manage_list_query_count_is_fixed(client, django_assert_num_queries, rows):
    url = _opened_with_objections(client, "publicity:manage_list", SupervisorFactory(), rows)

    with django_assert_num_queries(STAFF_LIST_QUERIES):
        response = client.get(url)

    assert response.status_code == 200


@pytest.mark.parametrize("rows", [1, 3])
def test_objection_list_query_count_is_fixed(client, django_assert_num_queries, rows):
    url = _opened_with_objections(client, "publicity:objection_list", CityOfficeFactory(), rows)

    with django_assert_num_queries(STAFF_LIST_QUERIES + 1):  # and the list's length (paged)
        response = client.get(url)

    assert response.content.decode().count("张三") == rows


def test_manage_list_applicant_is_denied(client):
    client.force_login(UserFactory())

    response = client.get(reverse("publicity:manage_list"))

    assert response.status_code == 403


def test_manage_list_anonymous_must_log_in(client):
    response = client.get(reverse("publicity:manage_list"))

    assert response.status_code == 302


def _create_window(client, application, *, workdays: int):
    """The office's form for the acceptance list of `application` from today on."""
    return client.post(
        reverse("publicity:window_create"),
        {
            "edition": application.edition_id,
            "kind": WindowKind.ACCEPTANCE,
            "title": "第三届攀枝花市政府质量奖受理名单公示",
            "body": "经审查，下列申报予以受理。",
            "start_date": timezone.localdate().isoformat(),
            "workdays": workdays,
            "applications": [application.pk],
        },
    )


def test_window_create_by_city_office_then_publish(client):
    application = AcceptedApplicationFactory(applicant_name="仁和区质量标杆企业")
    client.force_login(CityOfficeFactory())

    response = _create_window(client, application, workdays=5)
    window = PublicityWindow.objects.get()
    publish = client.post(reverse("publicity:window_publish", kwargs={"pk": window.pk}))

    assert response.status_code == 302
    assert publish.status_code == 302
    window.refresh_from_db()
    assert window.status == PublicityWindow.Status.PUBLISHED
    assert list(window.entries.values_list("display_name", flat=True)) == ["仁和区质量标杆企业"]


def test_window_create_four_workdays_shows_the_rule(client):
    application = AcceptedApplicationFactory()
    client.force_login(CityOfficeFactory())

    response = _create_window(client, application, workdays=4)

    assert response.status_code == 400
    assert "公示期不得少于5个工作日" in response.content.decode()
    assert PublicityWindow.objects.count() == 0


def test_window_publish_by_supervisor_is_denied(client):
    window = WindowFactory()
    client.force_login(SupervisorFactory())

    response = client.post(reverse("publicity:window_publish", kwargs={"pk": window.pk}))

    assert response.status_code == 403
    window.refresh_from_db()
    assert window.status == PublicityWindow.Status.DRAFT


def test_window_withdraw_by_city_office_needs_a_reason(client):
    window = PublishedWindowFactory()
    client.force_login(CityOfficeFactory())
    url = reverse("publicity:window_withdraw", kwargs={"pk": window.pk})

    empty = client.post(url, {"reason": ""}, follow=True)
    done = client.post(url, {"reason": "申报名称有误，更正后重新公示。"})

    assert "请填写撤回理由" in empty.content.decode()
    assert done.status_code == 302
    window.refresh_from_db()
    assert window.status == PublicityWindow.Status.WITHDRAWN


def test_window_manage_and_edit_pages_render_for_city_office(client):
    entry = EntryFactory(window=WindowFactory(status=PublicityWindow.Status.DRAFT))
    client.force_login(CityOfficeFactory())

    manage = client.get(reverse("publicity:window_manage", kwargs={"pk": entry.window_id}))
    edit = client.get(reverse("publicity:window_edit", kwargs={"pk": entry.window_id}))

    assert manage.status_code == 200
    assert "发布公示" in manage.content.decode()
    assert edit.status_code == 200
    assert "style=" not in manage.content.decode() + edit.content.decode()


def test_window_edit_draft_into_a_year_without_schedule_warns(client, monkeypatch):
    monkeypatch.setattr(
        timezone, "localdate", lambda *a, **k: timezone.datetime(2026, 12, 1).date()
    )
    entry = EntryFactory(window=WindowFactory(status=PublicityWindow.Status.DRAFT))
    client.force_login(CityOfficeFactory())

    response = client.post(
        reverse("publicity:window_edit", kwargs={"pk": entry.window_id}),
        {
            "title": "公示",
            "body": "正文",
            "start_date": "2026-12-28",
            "workdays": 5,
            "applications": [entry.application_id],
        },
        follow=True,
    )

    assert "2027年的法定节假日安排尚未录入" in response.content.decode()
    entry.window.refresh_from_db()
    assert entry.window.end_date is None


def test_objection_lookup_after_decision_shows_the_finding(client):
    objection = ObjectionFactory()
    objections.decide_objection(
        objection=objection,
        actor=CityOfficeFactory(),
        upheld=False,
        finding="反映问题经核实不属实。",
    )

    response = client.post(
        reverse("publicity:objection_lookup"),
        {"reference": objection.reference, "contact": objection.email.upper()},
    )

    html = response.content.decode()
    assert "异议不成立" in html
    assert "反映问题经核实不属实。" in html


def test_window_replace_view_opens_the_new_draft(client):
    window = PublishedWindowFactory()
    EntryFactory(window=window)
    office = CityOfficeFactory()
    windows.withdraw_window(window=window, actor=office, reason="名单有误。")
    client.force_login(office)

    response = client.post(reverse("publicity:window_replace", kwargs={"pk": window.pk}))

    draft = PublicityWindow.objects.get(replaces=window)
    assert response["Location"] == reverse("publicity:window_edit", kwargs={"pk": draft.pk})


def test_window_manage_shows_a_page_of_the_list_and_the_newest_objections(
    client, django_assert_num_queries
):
    window = PublishedWindowFactory()
    entry = EntryFactory(window=window, position=1, display_name="攀枝花第一企业")
    for position in range(2, 53):
        EntryFactory(window=window, position=position, display_name=f"名单第{position:03d}号")
    ObjectionFactory.create_batch(22, entry=entry, window=window)
    client.force_login(CityOfficeFactory())
    url = reverse("publicity:window_manage", kwargs={"pk": window.pk})
    client.get(url)

    with django_assert_num_queries(8):  # session, user, window, 2 lengths, lines, objections, log
        first = client.get(url)
    last = client.get(url, {"page": "99"})

    html = first.content.decode()
    assert "名单第050号" in html and "名单第051号" not in html
    assert "第 1 / 2 页，共 52 项" in html
    assert html.count("张三") == 20
    assert f"{reverse('publicity:objection_list')}?window={window.pk}" in html
    assert "名单第052号" in last.content.decode()
    assert "页码超出范围，已显示最后一页。" in last.content.decode()


def test_objection_list_is_paged_and_narrowed_to_a_window(client):
    entry = EntryFactory(display_name="攀枝花第一企业")
    ObjectionFactory.create_batch(51, entry=entry, window=entry.window, filer_name="李四")
    ObjectionFactory(entry__window__kind=WindowKind.SUBSTITUTE, entry__window__title="另一公示")
    client.force_login(CityOfficeFactory())
    url = reverse("publicity:objection_list")

    everything = client.get(url).content.decode()
    narrowed = client.get(url, {"window": entry.window_id, "page": "2"}).content.decode()
    nonsense = client.get(url, {"window": "abc", "page": "0"})

    assert "第 1 / 2 页，共 52 项" in everything
    assert everything.count("李四") + everything.count("张三") == 50
    assert narrowed.count("李四") == 1 and "张三" not in narrowed
    assert "第 2 / 2 页，共 51 项" in narrowed
    assert nonsense.status_code == 200
    assert "页码超出范围，已显示最后一页。" in nonsense.content.decode()
