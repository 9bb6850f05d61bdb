"""The transition engine, through the real workflows of score sheets, rounds and rubrics: one
locked save through the model's history, one audit record, refusals in the user's words."""

import ast
import re
from pathlib import Path

import pytest
from django.apps import apps

from applications.models import Edition
from award_portal.workflow.engine import (
    WORKFLOWS,
    allows,
    changes_of,
    check,
    refusal,
    status_allows,
    transition,
)
from award_portal.workflow.models import StateChange
from publicity.errors import PublicityError
from publicity.models import Objection, PublicityWindow
from publicity.objections import services as objections
from review.errors import ReviewError
from review.models import Assignment, ReviewRound, Rubric, ScoreSheet
from review.rounds import services
from review.rubrics import services as rubric_services
from tests.publicity.factories import ObjectionFactory, WindowFactory
from tests.review.helpers import attest, make_applications, make_pool, open_round, score_sheet

pytestmark = [pytest.mark.django_db, pytest.mark.now("2026-11-16")]


@pytest.fixture
def material(review_edition, office):
    make_applications(review_edition, organizations=1)
    make_pool(review_edition, 5)
    return open_round(review_edition, office)


def _sheet(review_round) -> ScoreSheet:
    assignment = (
        Assignment.objects.filter(round=review_round, is_active=True)
        .select_related("expert__user", "sheet")
        .first()
    )
    attest(assignment)
    return assignment.sheet


def test_a_move_saves_through_history_and_writes_one_audit_record(material, office):
    first = _sheet(material)
    sheet = score_sheet(first, first.assignment.expert.user, 0.8)
    history_before = sheet.history.count()

    transition(sheet, "reopen", office, reason="请复核第4.2条。", ip="10.0.0.8")

    sheet.refresh_from_db()
    (change,) = [c for c in changes_of(sheet) if c.move == "reopen"]
    assert sheet.status == ScoreSheet.Status.DRAFT and sheet.total is None
    assert sheet.history.count() == history_before + 1
    assert (change.source, change.target, change.reason) == (
        "submitted",
        "draft",
        "请复核第4.2条。",
    )
    assert (change.actor, change.actor_role, change.ip_address) == (
        office,
        "city_office",
        "10.0.0.8",
    )
    assert change.move_label == "退回重评"
    assert change.data["total"]  # the total the sheet had when it was returned


def test_refusals_speak_the_users_language_and_change_nothing(material, office):
    sheet = _sheet(material)
    expert = sheet.assignment.expert.user
    before = StateChange.objects.count()

    with pytest.raises(ReviewError, match="只有已提交的评分表可以退回"):
        transition(sheet, "reopen", office, reason="x")
    with pytest.raises(ReviewError, match="只有市质量强市办可以执行此操作"):
        transition(sheet, "excuse", expert, reason="生病")
    with pytest.raises(ReviewError, match="须填写理由"):
        transition(sheet, "excuse", office, reason="  ")
    with pytest.raises(ReviewError, match="以下条目尚未评分"):
        transition(sheet, "submit", expert)

    sheet.refresh_from_db()
    assert sheet.status == ScoreSheet.Status.DRAFT
    assert StateChange.objects.count() == before


def test_a_guard_reads_the_locked_row_and_the_move_stamps_its_fields(material, office):
    assert material.status == ReviewRound.Status.OPEN and material.opened_at is not None
    (change,) = changes_of(material)
    assert (change.move, change.actor) == ("open", office)

    with pytest.raises(ReviewError, match="请填写评审报告综述"):
        services.close_round(review_round=material, actor=office, summary=" ")
    with pytest.raises(ReviewError, match="份评分表未提交"):
        services.close_round(review_round=material, actor=office, summary="综述")


def test_the_system_may_make_only_the_moves_marked_for_it(material):
    sheet = _sheet(material)

    with pytest.raises(ReviewError):
        transition(sheet, "excuse", None, reason="自动")
    transition(sheet, "void", None, reason="比对发现回避关系")

    sheet.refresh_from_db()
    assert sheet.status == ScoreSheet.Status.VOID
    assert changes_of(sheet)[-1].actor is None


def test_publishing_and_retiring_a_rubric_records_who(review_edition, office):
    draft = rubric_services.import_rubric_version(
        actor=office,
        code="TEST-RUBRIC",
        name="测试评分标准",
        applies_to=Rubric.AppliesTo.ORGANIZATION,
        text="code,category,item,points,kind\n4.1,领导,高层领导的作用,60,process\n",
    )

    rubric_services.publish_rubric(rubric=draft, actor=office)
    rubric_services.retire_rubric(rubric=draft, actor=office)

    draft.refresh_from_db()
    assert draft.status == Rubric.Status.RETIRED and draft.published_at is not None
    assert [(c.move, c.actor) for c in changes_of(draft)] == [
        ("publish", office),
        ("retire", office),
    ]


def test_an_act_is_checked_like_a_move_and_writes_nothing(material, office):
    sheet = _sheet(material)
    expert = sheet.assignment.expert.user
    before = (StateChange.objects.count(), sheet.history.count())

    check(sheet, "save", expert)  # a draft of the expert's own, the round open
    assert allows(sheet, "save", expert) and not allows(sheet, "save", office)
    assert refusal(sheet, "save", office).message == "您不能填写这份评分表。"
    score_sheet(sheet, expert, 0.8)
    sheet.refresh_from_db()
    with pytest.raises(ReviewError, match="评分表已提交，不能修改"):
        check(sheet, "save", expert)
    assert refusal(sheet, "save", expert).code == "not_allowed"
    with pytest.raises(ValueError):
        transition(sheet, "save", expert)  # an act moves no status

    sheet.refresh_from_db()
    assert sheet.status == ScoreSheet.Status.SUBMITTED
    assert StateChange.objects.count() == before[0] + 1  # the submit, nothing else
    assert sheet.history.count() > before[1]


def test_check_runs_the_guards_unless_told_not_to(material, office):
    sheet = _sheet(material)
    expert = sheet.assignment.expert.user

    assert refusal(sheet, "submit", expert).code == "guard"  # nothing scored yet
    assert refusal(sheet, "submit", expert, guards=False) is None
    assert refusal(sheet, "excuse", office).code == "reason_required"
    assert status_allows(sheet, "void") and not status_allows(sheet, "reinstate")


def test_a_public_act_names_the_refusal_of_each_status(db):
    draft = WindowFactory()
    with pytest.raises(PublicityError, match="该公示尚未发布"):
        check(draft, "object", None)
    draft.status = PublicityWindow.Status.WITHDRAWN  # a copy in memory, never saved
    with pytest.raises(PublicityError, match="该公示已撤回，不再受理异议"):
        check(draft, "object", None)
    draft.status = PublicityWindow.Status.PUBLISHED
    assert allows(draft, "object", None)


# Where records are written in bulk as fixture data, never as moves of people.
NOT_PRODUCT = {"benchmark", "benchmarks", "migrations"}
PACKAGES = ("applications", "review", "publicity", "award_portal")
ROOT = Path(__file__).resolve().parents[2]


def _status_fields():
    """Every field that holds a record's status: `status` of every model (the history tables
    copy it and are written by the history only), and the edition's stage."""
    for model in apps.get_models():
        if model.__name__.startswith("Historical"):
            continue
        if any(f.name == "status" for f in model._meta.get_fields()):
            yield model, "status"
    yield Edition, "stage"


def test_a_records_status_has_one_name():
    """A record's status is its `status` (an edition's is its `stage`), never a `state`."""
    named_state = [
        f"{model._meta.label}.{f.name}"
        for model in apps.get_models()
        if model.__module__.startswith(PACKAGES)
        for f in model._meta.get_fields()
        if re.fullmatch(r"state(_\w+)?", f.name)
    ]
    assert named_state == []


def test_every_status_field_has_a_workflow():
    assert {(m, f) for m, f in _status_fields()} == {(m, w.field) for m, w in WORKFLOWS.items()}


def _enums(model, field: str) -> set[str]:
    """How the code names the model's statuses (`Status.X`, `ScoreSheet.Status.X`, …)."""
    return {"Status", "Stage", "Window", f"{model.__name__}.Status"}


def offending_writes(path: Path, field: str, model) -> list[str]:
    """Assignments of `field`, `setattr(..., field, ...)` and `field=` keywords of update and
    create calls whose value names a status, in one file."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    enums = _enums(model, field)
    found = []

    def names_a_status(node) -> bool:
        return any(
            isinstance(n, ast.Attribute) and ast.unparse(n.value) in enums for n in ast.walk(node)
        )

    for node in ast.walk(tree):
        if isinstance(node, ast.Assign | ast.AugAssign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                if isinstance(target, ast.Attribute) and target.attr == field:
                    owner = ast.unparse(target.value).lower()
                    if model.__name__.lower() in owner.replace("_", "") or (
                        node.value is not None and names_a_status(node.value)
                    ):
                        found.append(f"{path.relative_to(ROOT)}:{node.lineno} assigns {field}")
        if isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if (
                name == "update"
                and any(k.arg == field for k in node.keywords)
                and model.__name__ in ast.unparse(func)
            ):
                found.append(f"{path.relative_to(ROOT)}:{node.lineno} updates {field}")
            if name == "setattr" and len(node.args) > 1:
                arg = node.args[1]
                if isinstance(arg, ast.Constant) and arg.value == field:
                    found.append(f"{path.relative_to(ROOT)}:{node.lineno} setattr {field}")
    return found


@pytest.mark.parametrize(
    "model, field", sorted(_status_fields(), key=lambda mf: mf[0].__name__), ids=str
)
def test_no_code_outside_the_engine_writes_a_status(model, field):
    offenders = []
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            if NOT_PRODUCT & set(path.parts) or path.name == "engine.py":
                continue
            if model.__name__ in path.read_text(encoding="utf-8"):
                offenders += offending_writes(path, field, model)
    assert offenders == []


def test_an_objection_is_investigated_and_decided_through_the_engine(db, office):
    objection = ObjectionFactory()

    objections.record_investigation(objection=objection, actor=office, note="向有关部门核实。")
    objections.decide_objection(objection=objection, actor=office, upheld=False, finding="不属实。")

    objection.refresh_from_db()
    assert objection.status == Objection.Status.DISMISSED
    assert [(c.move, c.actor_role) for c in changes_of(objection)] == [
        ("investigate", "city_office"),
        ("dismiss", "city_office"),
    ]
    with pytest.raises(Exception, match="该异议已办结"):
        objections.decide_objection(objection=objection, actor=office, upheld=True, finding="x")


def _service_modules():
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            if NOT_PRODUCT & set(path.parts):
                continue
            if path.name == "services.py" or "services" in path.parent.parts:
                yield path


def _status_attributes() -> set[str]:
    """The attributes that hold a registered kind's status. The edition's `stage` is left out:
    a round's `stage` has the same name and is no status, and moves name the stages they are
    open in (`Move.stages`)."""
    return {workflow.field for workflow in WORKFLOWS.values()} - {"stage"}


def hand_status_checks(source: str, attributes: set[str]) -> list[tuple[int, str]]:
    """`if` statements whose test compares a record's status and whose body raises or
    returns: which status allows what, decided by hand instead of by the engine."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.If):
            continue
        compares_status = any(
            isinstance(compare, ast.Compare)
            and any(
                isinstance(operand, ast.Attribute) and operand.attr in attributes
                for operand in (compare.left, *compare.comparators)
            )
            for compare in ast.walk(node.test)
        )
        refuses = any(
            isinstance(inner, ast.Raise | ast.Return)
            for statement in node.body
            for inner in ast.walk(statement)
        )
        if compares_status and refuses:
            found.append((node.lineno, ast.unparse(node.test)))
    return found


def test_a_hand_status_check_is_found():
    source = (
        "def publish(window, sheet):\n"
        "    if window.status != Window.DRAFT:\n"
        "        raise PublicityError('x')\n"
        "    if sheet is not None and sheet.status in FINAL:\n"
        "        return None\n"
        "    if window.status == Window.CLOSED:\n"
        "        fire_outcome(window)\n"
        "    if window.kind != Kind.ACCEPTANCE:\n"
        "        raise PublicityError('y')\n"
    )

    found = hand_status_checks(source, {"status"})

    assert [line for line, _test in found] == [2, 4]


def test_no_service_checks_a_status_by_hand_before_a_move():
    """Which status allows which move or write is the workflows' data (`Move.sources`, the
    acts, the guards); the services ask the engine (`transition`, `check`, `allows`)."""
    attributes = _status_attributes()
    assert attributes == {"status"}
    offenders = [
        f"{path.relative_to(ROOT)}:{line} if {test}"
        for path in _service_modules()
        for line, test in hand_status_checks(path.read_text(encoding="utf-8"), attributes)
    ]
    assert offenders == []
