import pytest
from django.core.management import call_command
from django.urls import reverse

from applications.lifecycle import transition
from applications.models import Application, ApplicationEvent, Stage, Status
from award_portal.accounts.models import Role
from tests.factories import ApplicationFactory, UnitOfficerFactory, UserFactory
from tests.lifecycle.conftest import put, set_stage

pytestmark = pytest.mark.django_db


def _returned_application(n_events: int = 1) -> Application:
    application = put(ApplicationFactory(), Status.SUBMITTED)
    officer = UnitOfficerFactory(unit=application.unit)
    for i in range(n_events):
        put(application, Status.SUBMITTED)
        transition(
            application=application,
            to=Status.RETURNED,
            actor=officer,
            reason=f"第{i + 1}次退回：请补充材料",
            internal_note="内部：与市场监管局核实过",
        )
    return application


def test_applicant_sees_timeline_without_internal_notes(client):
    application = _returned_application()
    client.force_login(application.owner)

    response = client.get(reverse("applications:timeline", args=[application.pk]))

    body = response.content.decode()
    assert "第1次退回：请补充材料" in body
    assert "内部：与市场监管局核实过" not in body


@pytest.mark.parametrize("role", [Role.CITY_OFFICE, Role.SUPERVISOR])
def test_office_and_supervision_see_internal_notes(client, role):
    application = _returned_application()
    client.force_login(UserFactory(role=role))

    response = client.get(reverse("applications:timeline", args=[application.pk]))

    assert "内部：与市场监管局核实过" in response.content.decode()


def test_own_unit_sees_timeline_other_unit_gets_404(client):
    application = _returned_application()
    client.force_login(UnitOfficerFactory(unit=application.unit))
    assert client.get(reverse("applications:timeline", args=[application.pk])).status_code == 200

    client.force_login(UnitOfficerFactory())
    assert client.get(reverse("applications:timeline", args=[application.pk])).status_code == 404


def test_other_applicant_and_anonymous_cannot_see_timeline(client):
    application = _returned_application()
    url = reverse("applications:timeline", args=[application.pk])

    assert client.get(url).status_code == 302
    client.force_login(UserFactory())
    assert client.get(url).status_code == 404


def _queries(client, url) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # the first request of a session also refreshes its idle timeout
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_timeline_query_count_does_not_grow_with_events(client):
    one, three = _returned_application(1), _returned_application(3)
    client.force_login(UserFactory(role=Role.CITY_OFFICE))

    counts = [_queries(client, reverse("applications:timeline", args=[a.pk])) for a in (one, three)]

    assert counts == [4, 4]


def test_move_button_posts_through_the_service(client):
    application = put(ApplicationFactory(), Status.SUBMITTED)
    officer = UnitOfficerFactory(unit=application.unit)
    client.force_login(officer)

    response = client.post(
        reverse("applications:move", args=[application.pk, "return"]),
        {"reason": "请补充内部公示证明"},
        follow=True,
    )

    assert "已完成“退回修改”" in response.content.decode()
    assert Application.objects.get(pk=application.pk).status == Status.RETURNED
    assert ApplicationEvent.objects.get().reason == "请补充内部公示证明"


def test_refused_move_shows_the_chinese_reason_and_changes_nothing(client):
    application = put(ApplicationFactory(), Status.SUBMITTED)
    client.force_login(UnitOfficerFactory(unit=application.unit))

    response = client.post(
        reverse("applications:move", args=[application.pk, "return"]), {"reason": ""}, follow=True
    )

    assert "执行“退回修改”须填写理由。" in response.content.decode()
    assert Application.objects.get(pk=application.pk).status == Status.SUBMITTED
    assert ApplicationEvent.objects.count() == 0


def test_move_on_someone_elses_application_is_404(client):
    application = put(ApplicationFactory(), Status.SUBMITTED)
    client.force_login(UnitOfficerFactory())

    response = client.post(
        reverse("applications:move", args=[application.pk, "return"]), {"reason": "x"}
    )

    assert response.status_code == 404
    assert Application.objects.get(pk=application.pk).status == Status.SUBMITTED


def test_move_redirect_ignores_foreign_next_url(client):
    application = put(ApplicationFactory(), Status.SUBMITTED)
    client.force_login(UnitOfficerFactory(unit=application.unit))

    response = client.post(
        reverse("applications:move", args=[application.pk, "return"]),
        {"reason": "x", "next": "https://evil.example/"},
    )

    assert response["Location"] == reverse("applications:timeline", args=[application.pk])


def test_timeline_shows_only_the_buttons_the_user_may_press(client):
    application = put(ApplicationFactory(), Status.SUBMITTED)
    client.force_login(UnitOfficerFactory(unit=application.unit))

    response = client.get(reverse("applications:timeline", args=[application.pk]))

    assert [m.name for m in response.context["moves"]] == ["return", "recommend", "not_recommend"]


def test_lifecycle_diagram_draws_every_status(client, edition):
    client.force_login(UserFactory(role=Role.SUPERVISOR))

    response = client.get(reverse("applications:lifecycle"))

    application_diagram = response.content.decode().split("</svg>")[0]
    assert application_diagram.count("<rect") == len(Status.values)
    for status in Status:
        assert str(status.label) in application_diagram


def test_lifecycle_page_query_count_is_fixed(client, edition):
    client.force_login(UserFactory(role=Role.CITY_OFFICE))
    url = reverse("applications:lifecycle")
    ApplicationFactory(edition=edition)
    with_one = _queries(client, url)
    ApplicationFactory.create_batch(2, edition=edition)

    with_three = _queries(client, url)

    assert with_one == with_three <= 8


def test_lifecycle_page_is_not_for_applicants(client, edition):
    client.force_login(UserFactory(role=Role.APPLICANT))

    assert client.get(reverse("applications:lifecycle")).status_code == 403


def test_lifecycle_docs_file_is_generated_from_the_table():
    call_command("lifecycle_docs", "--check")


def _office_advances(client, edition) -> str:
    """The city office presses the page's button to advance `edition`: the page it lands on."""
    client.force_login(UserFactory(role=Role.CITY_OFFICE))
    response = client.post(reverse("applications:advance_stage", args=[edition.pk]), follow=True)
    edition.refresh_from_db()
    return response.content.decode()


def test_office_advances_the_edition_stage_from_the_page(client, edition):
    page = _office_advances(client, edition)

    assert edition.stage == Stage.PRECHECK
    assert "初核推荐" in page


def test_stage_cannot_close_while_applications_are_undecided(client, edition):
    set_stage(edition, Stage.PRECHECK)
    put(ApplicationFactory(edition=edition), Status.SUBMITTED)

    page = _office_advances(client, edition)

    assert edition.stage == Stage.PRECHECK
    assert "本阶段还有 1 份申报尚未处理完毕" in page


def test_unit_officer_cannot_advance_the_edition(client, edition):
    client.force_login(UnitOfficerFactory())

    response = client.post(reverse("applications:advance_stage", args=[edition.pk]))

    assert response.status_code == 403
    edition.refresh_from_db()
    assert edition.stage == Stage.APPLICATION


def test_lifecycle_page_draws_every_kind_with_a_status(client, edition):
    """One diagram per kind the engine runs, each with every status of its field."""
    from award_portal.workflow.engine import WORKFLOWS

    client.force_login(UserFactory(role=Role.SUPERVISOR))

    body = client.get(reverse("applications:lifecycle")).content.decode()

    kinds = [w for w in WORKFLOWS.values() if w.field == "status"]
    assert body.count("<svg") == len(kinds)
    for workflow in kinds:
        assert f'aria-label="{workflow.label}"' in body or str(workflow.label) in body
        for _value, label in workflow.model._meta.get_field("status").choices:
            assert str(label) in body
