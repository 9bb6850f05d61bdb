"""Pages of review rounds: the list of rounds, a round with its panel and assignments, the
progress, the results and advancement, the reports, the draw, and the applicants' feedback. Each
view fetches through the access policy (award_portal.access), calls one service and renders or
redirects; a refused action comes back as a message, never a 500."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as L
from django.views.decorators.http import require_POST

from applications.editions.working import working_edition
from applications.lifecycle_views import client_ip
from applications.models import Application, Stage
from award_portal import access
from award_portal.actions import attempt, bind, submit
from review import reports
from review.errors import ReviewError
from review.forms import ConfirmForm, ReasonForm
from review.models import (
    AdvancementDecision,
    Assignment,
    ExpertProfile,
    PanelDraw,
    PanelMember,
    ReviewRound,
    ScoreSheet,
)
from review.paging import page_of
from review.pool.selectors import settings_for
from review.rounds import experts, progress, results, selectors, services
from review.rounds.forms import (
    AdvancementForm,
    AssignForm,
    CloseRoundForm,
    ExpertForm,
    ManualDecisionForm,
    RoundCreateForm,
)
from review.web import (
    PDF,
    XLSX,
    download,
    edition_for,
    get_or_404,
    post_view,
    report_views,
    row_post,
    shown_form,
)

RESULTS_PAGE_SIZE = 50


# --- rounds ------------------------------------------------------------------------------------


@login_required
def round_list(request):
    access.require(request.user, access.VIEW, access.ROUND, hide=True)
    edition = working_edition(request)
    form = RoundCreateForm(request.POST or None)
    if request.method == "POST":
        access.require(request.user, access.MANAGE, access.ROUND)
        if edition is None:
            raise Http404
        if form.is_valid():
            created = attempt(
                request,
                services.create_round,
                _("评审轮次已创建。"),
                edition=edition,
                actor=request.user,
                **form.cleaned_data,
            )
            if created:
                return redirect("review:round_detail", pk=created.pk)
    rounds = (
        ReviewRound.objects.filter(edition=edition).select_related("edition")
        if edition
        else ReviewRound.objects.none()
    )
    return render(
        request,
        "review/round_list.html",
        {
            "edition": edition,
            "rounds": rounds,
            "form": form,
            "can_manage": access.may(request.user, access.MANAGE, access.ROUND),
            "stage_label": Stage(edition.stage).label if edition else "",
        },
    )


@login_required
def round_detail(request, pk: int):
    review_round = access.get_for(request.user, access.ROUND, pk)
    return _detail_page(request, review_round)


def _detail_page(request, review_round: ReviewRound, *, sent=None, status: int = 200):
    """A round's page; with `sent`, a form the office sent that was not valid or whose change
    was refused (an expert form, or the close form), shown with what was typed in it and why."""
    # A province's round has thousands of experts and ten times as many assignments: both
    # lists are shown a page at a time, and the manual assignment names the application by
    # its reference instead of offering every application in a list.
    onsite = review_round.stage == Stage.ONSITE_REVIEW
    return render(
        request,
        "review/round_detail.html",
        {
            "round": review_round,
            "members": page_of(request, selectors.panel(review_round), "members"),
            "assignments": page_of(request, selectors.round_assignments(review_round)),
            "applications": (
                page_of(request, selectors.round_applications(review_round), "visits")
                if onsite
                else None
            ),
            "draws": review_round.draws.all(),
            "settings": settings_for(review_round.edition),
            "can_manage": access.may(request.user, access.MANAGE, access.ROUND),
            "draw_form": ConfirmForm(label=_("随机抽取评审组并分配")),
            "open_form": ConfirmForm(label=_("开始评审")),
            "close_form": CloseRoundForm(),
            **{
                f"{purpose}_form": _expert_form(review_round, purpose)
                for purpose in (experts.LEADER, experts.MEMBER, experts.ASSIGN)
            },
            **({f"{sent.purpose}_form": sent} if sent else {}),
            "row_reason_form": ReasonForm(auto_id=False),
        },
        status=status,
    )


def _expert_form(review_round: ReviewRound, purpose: str, data=None) -> ExpertForm:
    """The form of a round's page that asks for an expert for `purpose`. Three forms on one
    page ask for one: each names its fields apart, so every label points to its own box; a
    province's pool is too big for a list, so each takes a name or number and suggests a few
    matches as the office types."""
    search = f"{reverse('review:round_expert_search', args=[review_round.pk])}?for={purpose}"
    options = {"search": search, "auto_id": f"{purpose}_%s"}
    if purpose == experts.ASSIGN:
        form = AssignForm(data, **options)
    elif purpose == experts.LEADER:
        form = ExpertForm(data, with_reason=False, label=_("指定组长"), **options)
    else:
        form = ExpertForm(data, label=_("增加评审组成员"), **options)
    form.purpose = purpose
    return form


def _round_post(request, pk: int, func, success: str, form_class=None, **kwargs):
    """A step of round `pk` by the city office; with `form_class`, its form (the close with its
    summary): not valid or refused, the round's page again with the form as it was sent."""
    review_round = access.get_for(request.user, access.ROUND, pk, access.MANAGE)
    back = redirect("review:round_detail", pk=pk)
    target = {"review_round": review_round, "actor": request.user, **kwargs}
    if form_class is None:
        attempt(request, func, success, **target)
        return back
    form = form_class(request.POST)
    form.purpose = "close"  # the page's name of the form

    def again():
        return _detail_page(request, review_round, sent=form, status=400)

    return submit(request, form, func, success, done=back, failed=again, **target)


round_draw = post_view(_round_post, services.draw_panel, L("已随机抽取评审组并完成分配。"))
round_open = post_view(_round_post, services.open_round, L("本轮评审已开始。"))
round_close = post_view(
    _round_post, services.close_round, L("本轮评审已结束，结果已固定。"), CloseRoundForm
)


def _panel_post(request, pk: int, service, success: str, purpose: str, reason=True, **chosen):
    """A change of round `pk`'s panel or assignments by the city office, of the expert the
    office named among the `purpose` form's (see review.rounds.experts; a message when the
    text names none, or several): `service` gets the expert, the round, the actor, `chosen`
    and, with `reason`, the posted reason."""
    review_round = access.get_for(request.user, access.ROUND, pk, access.MANAGE)
    sent = _expert_form(review_round, purpose, request.POST)
    sent.is_valid()  # what was typed is shown again, with its errors, if the change fails
    candidates = experts.candidates(review_round, purpose)
    expert, problem = experts.resolve(candidates, request.POST.get("expert", ""))
    if expert is None:
        if "expert" not in sent.errors:
            sent.add_error("expert", problem)
        return _detail_page(request, review_round, sent=sent, status=400)
    rows = {**chosen, "expert": expert}
    if reason:
        rows["reason"] = request.POST.get("reason", "")
    if attempt(request, service, success, review_round=review_round, actor=request.user, **rows):
        return redirect("review:round_detail", pk=pk)
    return _detail_page(request, review_round, sent=sent, status=400)


@login_required
@require_POST
def round_leader(request, pk: int):
    success = _("组长已指定。")
    return _panel_post(request, pk, services.set_leader, success, experts.LEADER, reason=False)


@login_required
@require_POST
def member_add(request, pk: int):
    success = _("已增加评审组成员。")
    return _panel_post(request, pk, services.add_panel_member, success, experts.MEMBER)


def _round_row_post(request, model, pk: int, kind: str, name: str, service, success: str):
    """A change of one row of a round (see `row_post`), then back to the round."""
    row = row_post(request, model, pk, kind, name, service, success)
    return redirect("review:round_detail", pk=row.round_id)


@login_required
@require_POST
def member_remove(request, pk: int):
    remove, success = services.remove_panel_member, _("已调整评审组成员。")
    return _round_row_post(request, PanelMember, pk, access.ROUND, "member", remove, success)


@login_required
@require_POST
def round_assign(request, pk: int):
    review_round = access.get_for(request.user, access.ROUND, pk, access.MANAGE)
    application = selectors.application_by_reference(
        review_round, request.POST.get("application", "")
    )
    if application is None:
        sent = _expert_form(review_round, experts.ASSIGN, request.POST)
        if sent.is_valid():
            sent.add_error("application", _("未找到该申报编号的申报，请核对后重新输入。"))
        return _detail_page(request, review_round, sent=sent, status=400)
    success = _("已人工分配。")
    return _panel_post(
        request, pk, services.assign, success, experts.ASSIGN, application=application
    )


@login_required
@require_POST
def assignment_remove(request, pk: int):
    unassign, success = services.unassign, _("已撤销该分配。")
    return _round_row_post(
        request, Assignment, pk, access.ASSIGNMENT, "assignment", unassign, success
    )


@login_required
def round_progress(request, pk: int):
    review_round = access.get_for(request.user, access.ROUND_RESULTS, pk)
    hidden = access.hidden_application_ids(request.user, review_round)
    # A province's round has thousands of experts, tens of thousands of applications and
    # ten times as many sheets: each table shows a page, and the chart the experts' page.
    sheets_visible = access.may(request.user, access.VIEW, access.SHEET)
    sizes = progress.counts(review_round, hidden=hidden)
    grouped, keys = progress.expert_progress(review_round, hidden=hidden)
    by_expert = page_of(request, grouped, "experts", count=sizes["experts"])
    by_expert.object_list = progress.rows(review_round, by_expert.object_list, *keys)
    grouped, keys = progress.application_progress(review_round, hidden=hidden)
    by_application = page_of(request, grouped, "applications", count=sizes["applications"])
    by_application.object_list = progress.rows(review_round, by_application.object_list, *keys)
    sheets = (
        selectors.active_sheets(review_round)
        .exclude(status=ScoreSheet.Status.VOID)
        .exclude(assignment__application_id__in=hidden)
        .select_related("assignment__expert", "assignment__application")
        .defer("assignment__application__data", "assignment__application__return_notes")
        .order_by("assignment__application__reference", "assignment__expert__name", "pk")
        if sheets_visible
        else ScoreSheet.objects.none()
    )
    sheets = page_of(request, sheets, "sheets", count=sizes["sheets"] if sheets_visible else 0)
    return render(
        request,
        "review/round_progress.html",
        {
            "round": review_round,
            "by_expert": by_expert,
            "by_application": by_application,
            "chart": {
                **progress.progress_chart(by_expert.object_list),
                "names": {
                    "submitted": _("已提交"),
                    "excused": _("免评"),
                    "pending": _("未提交"),
                },
            },
            "sheets": sheets,
            "sheets_visible": sheets_visible,
        },
    )


@login_required
def round_results(request, pk: int):
    review_round = access.get_for(request.user, access.ROUND_RESULTS, pk)
    return _results_page(request, review_round)


def _results_page(request, review_round, *, form=None, status: int = 200):
    """The results of a round; with `form`, a decision the office sent that was refused or
    not valid, shown with what was typed in it and its errors."""
    hidden = access.hidden_application_ids(request.user, review_round)
    # A group leader reads no figure of an application before submitting their own sheet on it.
    sealed = access.sealed_application_ids(request.user, review_round)
    # Ranks are over the whole round, read from stored figures (a closed round's frozen, an
    # open round's kept by its sheets' moves); a province's round has thousands of rows,
    # shown page by page, and only the page's sheets are read.
    page = results.round_results_page(
        review_round,
        hidden=hidden,
        sealed=sealed,
        number=request.GET.get("page"),
        per_page=RESULTS_PAGE_SIZE,
    )
    settings_obj = settings_for(review_round.edition)
    can_manage = access.may(request.user, access.MANAGE, access.ROUND) and review_round.is_open
    can_apply = access.may(request.user, access.MANAGE, access.ROUND) and review_round.is_closed
    advancement_form = manual_form = None
    if can_manage:
        # The forms and the count are only shown to the office, each in one state.
        threshold = settings_obj.threshold_for(review_round.stage)
        advancement_form = shown_form(form, AdvancementForm(initial={"threshold": threshold}))
        manual_form = shown_form(form, ManualDecisionForm())
    return render(
        request,
        "review/round_results.html",
        {
            "round": review_round,
            "rows": page.object_list,
            "page": page,
            "settings": settings_obj,
            "can_manage": can_manage,
            "can_apply": can_apply,
            "is_reader": access.may(request.user, access.VIEW, access.SHEET),
            "sealed": bool(sealed),
            "advancement_form": advancement_form,
            "manual_form": manual_form,
            "pending_apply": (
                review_round.decisions.filter(applied_at__isnull=True).count() if can_apply else 0
            ),
        },
        status=status,
    )


def _results_step(request, pk: int, form, service, success: str):
    """A decision of the city office on the results of round `pk`, with `form` (see `bind`):
    `service` gets the round, the actor and the form's data; then back to the results, or,
    refused or not valid, the results again with the form as it was sent and why."""
    review_round = access.get_for(request.user, access.ROUND, pk, access.MANAGE)
    form = bind(form, request.POST, review_round)
    back = redirect("review:round_results", pk=pk)

    def again():
        return _results_page(request, review_round, form=form, status=400)

    target = {"review_round": review_round, "actor": request.user}
    return submit(request, form, service, success, done=back, failed=again, **target)


def _manual_form(data, review_round) -> ManualDecisionForm:
    return ManualDecisionForm(data, review_round=review_round)


def _decide_one(*, application, advances: bool, reason: str, **target):
    choices = {application: (advances, reason)}
    method = AdvancementDecision.Method.MANUAL
    return services.decide_advancement(method=method, choices=choices, **target)


@login_required
@require_POST
def round_advancement(request, pk: int):
    success = _("晋级名单已按规则决定。")
    return _results_step(request, pk, AdvancementForm, services.decide_advancement, success)


@login_required
@require_POST
def round_decide(request, pk: int):
    return _results_step(request, pk, _manual_form, _decide_one, _("已记录该申报的晋级决定。"))


@login_required
@require_POST
def round_apply(request, pk: int):
    review_round = access.get_for(request.user, access.ROUND, pk, access.MANAGE)
    try:
        events, refused = services.apply_advancement(
            review_round=review_round, actor=request.user, ip=client_ip(request)
        )
    except ReviewError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("已执行 %(n)d 份申报的晋级决定。") % {"n": len(events)})
        for message in refused.values():
            messages.warning(request, message)
    return redirect("review:round_results", pk=pk)


# --- reports and exports ---------------------------------------------------------------------


round_report_docx, round_report_pdf = report_views(
    access.ROUND, reports.round_report_docx, reports.round_report_pdf, reports.report_filename
)


@login_required
def round_scores_xlsx(request, pk: int):
    review_round = access.get_for(request.user, access.ROUND, pk)
    filename = reports.report_filename(review_round, "xlsx", kind="scores")
    return download(reports.scores_xlsx(review_round), filename, XLSX)


@login_required
def draw_detail(request, pk: int):
    access.require(request.user, access.VIEW, access.ROUND, hide=True)
    draw = get_or_404(PanelDraw, pk)
    names = dict(ExpertProfile.objects.values_list("pk", "name"))
    references = dict(
        Application.objects.filter(pk__in=draw.inputs.get("applications", [])).values_list(
            "pk", "reference"
        )
    )
    return render(
        request,
        "review/draw_detail.html",
        {
            "draw": draw,
            "reproduced": selectors.verify_draw(draw),
            "panel": [names.get(e, e) for e in draw.result.get("panel", [])],
            "assignments": [
                (references.get(a, a), names.get(e, e))
                for a, e in draw.result.get("assignments", [])
            ],
        },
    )


# --- feedback ------------------------------------------------------------------------------------


def _feedback_application(request, pk: int) -> Application:
    # The readers; the applicant once the office released the feedback.
    return access.get_for(request.user, access.FEEDBACK, pk)


@login_required
def feedback(request, pk: int):
    application = _feedback_application(request, pk)
    return render(
        request,
        "review/feedback.html",
        {"application": application, "rounds": selectors.feedback_for(application)},
    )


@login_required
def feedback_pdf(request, pk: int):
    application = _feedback_application(request, pk)
    return download(
        reports.feedback_pdf(application, base_url=request.build_absolute_uri("/")),
        f"feedback-{application.reference}.pdf",
        PDF,
    )


@login_required
@require_POST
def feedback_release(request, pk: int):
    edition = edition_for(request.user, pk, access.FEEDBACK, access.MANAGE)
    attempt(
        request,
        services.release_feedback,
        _("反馈报告已向申报方发布。"),
        edition=edition,
        actor=request.user,
    )
    return redirect("review:round_list")
