"""After the submission deadline nobody is invited to start an application: the home page, the
applicant's dashboard and the new-application page say the call is closed. The categories and
units an edition records are the ones the application form offers."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from applications.intake import services
from applications.intake.forms import form_class_for
from applications.models import Application, Edition
from tests.factories import CategoryFactory, EditionFactory, UnitFactory

pytestmark = pytest.mark.django_db


def _today():
    return timezone.localdate()


@pytest.fixture
def general(db):
    return CategoryFactory()


@pytest.fixture
def open_call(db):
    return EditionFactory()


@pytest.fixture
def closed_call(db):
    """Recommendations are still due in 25 days, but applications were to be in yesterday."""
    day = (_today() - timedelta(days=1)).isoformat()
    return EditionFactory(stage_plan={"application": day})


def _applicant_client(applicant) -> Client:
    client = Client()
    client.force_login(applicant)
    return client


# --- the home page ----------------------------------------------------------------------------


def test_home_invites_applications_while_the_call_is_open(open_call, applicant):
    public = Client().get(reverse("home")).content.decode()
    signed_in = _applicant_client(applicant).get(reverse("home")).content.decode()

    assert "正在受理申报，截止日期为" in public
    assert "注册申报账户" in public
    assert "开始申报" in signed_in


def test_home_says_the_call_is_closed_after_the_submission_deadline(closed_call, applicant):
    closes = _today() - timedelta(days=1)

    public = Client().get(reverse("home")).content.decode()
    signed_in = _applicant_client(applicant).get(reverse("home")).content.decode()

    message = f"本届申报已于{closes.year}年{closes.month}月{closes.day}日截止，不再受理新的申报。"
    assert message in public
    assert message in signed_in
    assert "注册申报账户" not in public
    assert "开始申报" not in signed_in


def test_home_call_closes_after_the_recommendation_deadline_without_a_plan(db):
    EditionFactory(
        applications_open=_today() - timedelta(days=40),
        recommendation_deadline=_today() - timedelta(days=2),
    )

    html = Client().get(reverse("home")).content.decode()

    assert "不再受理新的申报" in html


def test_home_call_is_closed_once_the_edition_left_the_application_stage(open_call):
    Edition.objects.filter(pk=open_call.pk).update(stage="precheck")

    html = Client().get(reverse("home")).content.decode()

    assert "本届评选已进入“初核推荐”阶段，申报已截止，不再受理新的申报。" in html


# --- the dashboard ----------------------------------------------------------------------------


def test_dashboard_offers_a_new_application_while_the_call_is_open(open_call, general, applicant):
    response = _applicant_client(applicant).get(reverse("applications:dashboard"))

    assert response.context["new_form"] is not None
    assert "开始填写" in response.content.decode()


def test_dashboard_says_the_call_is_closed(closed_call, general, applicant):
    response = _applicant_client(applicant).get(reverse("applications:dashboard"))

    html = response.content.decode()
    assert response.context["new_form"] is None
    assert "开始填写" not in html
    assert "新建申报" not in html
    assert "不再受理新的申报" in html


# --- the new-application page -----------------------------------------------------------------


def test_new_application_page_refuses_after_the_deadline(closed_call, general, applicant):
    client = _applicant_client(applicant)

    page = client.get(reverse("applications:new"))
    sent = client.post(reverse("applications:new"), {"category": general.pk})

    assert page.status_code == 200
    assert page.context["form"] is None
    assert "不再受理新的申报" in page.content.decode()
    assert sent.status_code == 200
    assert "不再受理新的申报" in sent.content.decode()
    assert not Application.objects.exists()


def test_new_application_page_creates_the_draft_while_open(open_call, general, applicant):
    response = _applicant_client(applicant).post(
        reverse("applications:new"), {"category": general.pk}
    )

    application = Application.objects.get()
    assert response.status_code == 302
    assert (application.edition, application.owner) == (open_call, applicant)


def test_create_application_refuses_after_the_deadline(closed_call, general, applicant):
    with pytest.raises(services.ApplicationError) as refused:
        services.create_application(owner=applicant, category=general, edition=closed_call)

    assert "不再受理新的申报" in refused.value.message


# --- what the edition offers ------------------------------------------------------------------


def test_new_application_offers_only_the_editions_categories(open_call, general, applicant):
    medical = CategoryFactory(code="medical", name="医疗机构", order=2)
    open_call.categories.set([medical])
    client = _applicant_client(applicant)

    form = client.get(reverse("applications:new")).context["form"]
    choices = list(form.fields["category"].queryset)
    response = client.post(reverse("applications:new"), {"category": general.pk})

    assert choices == [medical]
    assert response.context["form"].errors["category"]
    with pytest.raises(services.ApplicationError) as refused:
        services.create_application(owner=applicant, category=general, edition=open_call)
    assert refused.value.message == "本届评选不设“制造业、工程建设业、农业、服务业”类别。"


def test_new_application_offers_every_category_when_the_edition_records_none(
    open_call, general, applicant
):
    medical = CategoryFactory(code="medical", name="医疗机构", order=2)

    form = _applicant_client(applicant).get(reverse("applications:new")).context["form"]

    assert list(form.fields["category"].queryset) == [general, medical]


def test_application_form_offers_only_the_editions_units(open_call, general):
    east, west = UnitFactory(name="东区"), UnitFactory(name="西区")
    UnitFactory(name="已停用", is_active=False)

    before = form_class_for(general)(edition=open_call).fields["unit"].choices
    open_call.units.set([west])
    after = form_class_for(general)(edition=open_call).fields["unit"].choices

    assert [name for _, group in before[1:] for _, name in group] == ["东区", "西区"]
    assert [name for _, group in after[1:] for _, name in group] == ["西区"]
    assert east.pk  # taking part in no call, it is not offered


def test_team_form_leaves_out_qc_groups_when_the_edition_does(open_call):
    team = CategoryFactory(code="team", name="一线班组", order=4)
    Edition.objects.filter(pk=open_call.pk).update(team_includes_qc=False)
    open_call.refresh_from_db()

    choices = form_class_for(team)(edition=open_call, unit_choices=[]).fields["team_type"].choices

    assert [value for value, _ in choices] == ["team"]


def test_dashboard_names_the_submission_deadline_of_the_plan(applicant, general):
    closes = _today() + timedelta(days=10)
    EditionFactory(stage_plan={"application": closes.isoformat()})

    response = _applicant_client(applicant).get(reverse("applications:dashboard"))

    labels = [(str(row.label), row.day) for row in response.context["deadlines"]]
    assert labels == [
        ("申报截止", closes),
        ("推荐单位报送截止", _today() + timedelta(days=25)),
    ]
