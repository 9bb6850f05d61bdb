"""The lists' read model (ApplicationRow) equals the live records after every move of the
application's lifecycle, every act and every write of a field it copies, in the transaction of
the write; and the check finds a row that does not."""

import dataclasses
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from applications.intake import services as intake
from applications.lifecycle import STAGE_OF_STATUS, transition
from applications.lifecycle.table import CORRECTIONS, MOVES
from applications.models import Application, ApplicationRow, Stage, Status
from applications.precheck import services as precheck
from applications.readmodel import (
    check_application_rows,
    rebuild_application_rows,
    refresh_application_rows,
)
from award_portal.workflow.engine import run_move
from tests.factories import (
    AdministratorFactory,
    ApplicationFactory,
    CategoryFactory,
    EditionFactory,
    UnitFactory,
)
from tests.lifecycle.conftest import actor_for, made, move_data, put, set_stage
from tests.precheck.conftest import CHECKS_PASSED, prechecked

pytestmark = pytest.mark.django_db

CASES = [(move, source) for move in MOVES for source in move.sources]


def _row(application: Application) -> ApplicationRow:
    return ApplicationRow.objects.get(application=application)


@pytest.mark.parametrize(("move", "source"), CASES, ids=lambda v: getattr(v, "name", v))
def test_the_row_equals_the_live_records_after_every_move(move, source):
    category = (
        CategoryFactory(code="individual", name="个人", kind="individual", order=5)
        if any(g.__name__ == "individuals_only" for g in move.guards)
        else CategoryFactory()
    )
    application = ApplicationFactory(category=category)
    set_stage(
        application.edition,
        move.stages[-1] if move.stages else STAGE_OF_STATUS.get(source, Stage.APPLICATION),
    )
    put(application, source)
    assert _row(application).application_status == source
    # The guards ask for records of later stages (a closed round, an approval); they only
    # refuse and write nothing, so the move is made here without them, by the engine itself:
    # its stamp, audit record, effects and projection as in the portal.
    unguarded = dataclasses.replace(move, guards=())
    actor = actor_for(sorted(move.roles)[0], application)

    run_move(application, unguarded, actor, reason="理由", **move_data(move))

    assert _row(application).application_status == move.target
    assert check_application_rows() == []


@pytest.mark.parametrize("correction", CORRECTIONS, ids=lambda c: f"{c.name}-{c.target}")
def test_the_row_equals_the_live_records_after_every_correction(correction):
    application = made(ApplicationFactory(), correction.undoes, correction.target)
    admin_user = AdministratorFactory()

    transition(
        application=application,
        to=correction.target,
        actor=admin_user,
        reason="经核实后更正。",
        correction=True,
    )

    assert _row(application).application_status == correction.target
    assert check_application_rows() == []


def test_a_refused_move_leaves_the_row_as_it_was(edition, unit, officer, submitted):
    application = submitted(unit)

    with pytest.raises(Exception, match="初核"):
        precheck.recommend(application=application, actor=officer, opinion="同意推荐")

    assert _row(application).application_status == Status.SUBMITTED
    assert check_application_rows() == []


def test_every_act_of_the_unit_and_the_office_keeps_the_row_equal(
    edition, unit, officer, office, submitted
):
    application = prechecked(submitted(unit), officer)
    row = _row(application)
    assert (row.consultation_count, row.precheck_passed) == (1, True)
    assert row.paper_copy_received_on == timezone.localdate()

    failed = {**CHECKS_PASSED, "legality_ok": False, "legality_note": "有未决行政处罚"}
    precheck.record_precheck(application=application, actor=officer, **failed)
    assert _row(application).precheck_passed is False
    assert check_application_rows() == []

    precheck.record_precheck(application=application, actor=officer, **CHECKS_PASSED)
    precheck.recommend(application=application, actor=officer, opinion="同意推荐")
    set_stage(edition, Stage.ACCEPTANCE)
    not_eligible = {"qualification_ok": False, "qualification_note": "不在申报范围"}
    precheck.record_acceptance_check(
        application=application, actor=office, materials_ok=True, **not_eligible
    )
    consulted = {"department": "市生态环境局", "answer": "无异议。", "has_objection": False}
    precheck.add_office_consultation(
        application=application, actor=office, consulted_on=timezone.localdate(), **consulted
    )
    row = _row(application)
    assert (row.application_status, row.precheck_passed, row.acceptance_passed) == (
        Status.RECOMMENDED,
        True,
        False,
    )
    assert row.consultation_count == 2
    assert check_application_rows() == []


def test_the_deadline_of_a_unit_follows_its_extension(edition, unit, other_unit, office, submitted):
    mine, theirs = submitted(unit), submitted(other_unit)
    until = edition.recommendation_deadline + timedelta(days=7)

    precheck.extend_deadline(
        edition=edition, unit=unit, until=until, reason="县里机构调整", actor=office
    )

    assert _row(mine).recommendation_deadline == until
    assert _row(theirs).recommendation_deadline == edition.recommendation_deadline
    assert check_application_rows() == []


def test_a_renamed_category_or_unit_shows_in_the_rows(unit, submitted, category):
    application = submitted(unit)

    unit.name, unit.order = "东区（更名）", 42
    unit.save()
    category.name = "一线班组（更名）"
    category.save()

    row = _row(application)
    assert (row.unit_name, row.unit_order, row.category_name) == (
        "东区（更名）",
        42,
        "一线班组（更名）",
    )
    assert check_application_rows() == []


@pytest.mark.now("2026-11-16 10:00")
def test_the_applicants_draft_and_materials_keep_the_row_equal(db):
    application = ApplicationFactory()
    owner = application.owner

    intake.save_draft(application=application, actor=owner, values={"org_name": "新名称有限公司"})

    assert _row(application).applicant_name == application.applicant_name
    assert check_application_rows() == []


def test_the_check_names_a_row_that_differs_and_rebuild_repairs_it(unit, submitted):
    application = submitted(unit)
    Application.objects.filter(pk=application.pk).update(applicant_name="改名但未同步")
    other = ApplicationFactory()
    ApplicationRow.objects.filter(application=other).delete()

    differences = check_application_rows()

    assert f"application {application.pk}: applicant_name is" in " ".join(differences)
    assert f"application {other.pk}: no row" in differences
    assert rebuild_application_rows() == Application.objects.count()
    assert check_application_rows() == []


def test_the_lists_show_what_the_rows_hold(client, edition, unit, officer, office, submitted):
    application = submitted(unit, applicant_name="攀枝花钒钛示范企业")
    refresh_application_rows([application.pk])
    client.force_login(officer)

    html = client.get(reverse("applications:unit_queue")).content.decode()

    assert "攀枝花钒钛示范企业" in html and application.reference in html
    assert "未核查" in html and "未收到" in html


def test_rebuild_of_one_edition_leaves_the_others_alone(unit, submitted):
    application = submitted(unit)
    elsewhere = ApplicationFactory(
        edition=EditionFactory(number=4, name="第四届", is_current=False),
        unit=UnitFactory(name="西区"),
    )
    ApplicationRow.objects.filter(application=elsewhere).update(applicant_name="旧名称")

    assert rebuild_application_rows(application.edition) == 1

    assert set(ApplicationRow.objects.values_list("application_id", flat=True)) == {
        application.pk,
        elsewhere.pk,
    }
    assert check_application_rows(application.edition) == []
    assert ApplicationRow.objects.get(application=elsewhere).applicant_name == "旧名称"


def test_the_command_reports_differences_and_rebuilds(unit, submitted):
    from django.core.management import CommandError, call_command

    application = submitted(unit)
    Application.objects.filter(pk=application.pk).update(applicant_name="未经服务改名")

    with pytest.raises(CommandError, match="1 differences"):
        call_command("application_rows", "--edition", str(application.edition.number))
    call_command("application_rows", "--rebuild")

    assert _row(application).applicant_name == "未经服务改名"
    with pytest.raises(CommandError, match="No edition number 99"):
        call_command("application_rows", "--edition", "99")
