"""Pages of deliberation (stage 7): the ranking, the proposed lists, the leadership group's
decision, the publicity and the report. Each view fetches through the access policy
(award_portal.access), calls one service and renders or redirects; a refused action comes back
as a message, never a 500."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from applications import stage_dates
from applications.lifecycle_views import client_ip
from applications.models import Application, Stage
from award_portal import access
from award_portal.actions import submit
from award_portal.downloads import open_or_404
from review.deliberation import composites, selectors
from review.deliberation import reports as deliberation_reports
from review.deliberation import services as deliberation
from review.deliberation.forms import (
    DraftListForm,
    LeadershipDecisionForm,
    PublicizeForm,
    ReasonOnlyForm,
)
from review.models import ProposedList
from review.paging import PAGE_SIZE, page_of
from review.pool.selectors import settings_for
from review.web import deliberation_edition_for, report_views, shown_form


def _draft_choices(candidates) -> list[tuple[str, str]]:
    """The candidates (`{kind: rows}`, best first) as the draft form's checkboxes."""
    return [
        (
            str(row.application.pk),
            _("%(kind)s第%(rank)s名 %(name)s（综合得分%(score)s）")
            % {
                "kind": _("组织") if kind == "organization" else _("个人"),
                "rank": row.rank,
                "name": row.application.applicant_name,
                "score": row.composite,
            },
        )
        for kind in selectors.KINDS
        for row in candidates[kind]
    ]


def _candidate_references(ranking) -> dict[str, int]:
    return {
        row.application.reference.upper(): row.application.pk
        for kind in selectors.KINDS
        for row in selectors.candidates(ranking, kind)
    }


# --- the landing page: ranking and lists ---------------------------------------------------------


@login_required
def deliberation_home(request):
    return _home_page(request, deliberation_edition_for(request))


def _conclude_form(data=None) -> ReasonOnlyForm:
    return ReasonOnlyForm(
        data,
        label=_("结束审议公示，进入表扬授奖"),
        action=reverse("review:deliberation_conclude"),
        auto_id="id_conclude_%s",  # the draft form beside it has a reason too
    )


def _home_page(request, edition, *, draft=None, conclude=None, status: int = 200):
    """The ranking and lists of `edition`; with `draft` (or `conclude`), the draft list (or the
    end of the stage) the office sent that was refused or not valid, shown with what was typed
    in it and its errors."""
    review_settings = settings_for(edition)
    places = selectors.open_places(edition)
    # The best of each kind as the draft form's checkboxes (at least the open places), the
    # others by their reference; the open places filled by the best, checked.
    shown = max(PAGE_SIZE, *places.values())
    best = composites.best_candidates(edition, review_settings, shown)
    counts = composites.ranked_counts(edition)
    lists = list(selectors.lists_of(edition))
    in_stage = edition.stage == Stage.DELIBERATION
    office = access.may(request.user, access.MANAGE, access.DELIBERATION)
    has_draft = any(pl.status == ProposedList.Status.DRAFT for pl in lists)
    draft_form = DraftListForm(
        draft.data if draft is not None else None,
        choices=_draft_choices(best),
        initial_ids=[r.application.pk for k in best for r in best[k][: places[k]]],
        action=reverse("review:deliberation_draft"),
    )
    if draft is not None:
        # The sent form knows every candidate; the page shows the best as checkboxes (the
        # others by their reference, as typed), with the errors the sent form found.
        draft_form._errors = draft.errors
    return render(
        request,
        "review/deliberation_home.html",
        {
            "edition": edition,
            # Each kind's ranking, paged on its own (?organizations=2, ?individuals=2).
            "sections": [
                (
                    label,
                    quota,
                    page_of(
                        request,
                        composites.RankingRows(edition, kind, review_settings),
                        f"{kind}s",
                        count=counts[kind],
                    ),
                )
                for label, quota, kind in (
                    (_("组织"), edition.organization_quota, "organization"),
                    (_("个人"), edition.individual_quota, "individual"),
                )
            ],
            "review_settings": review_settings,
            "can_see_settings": access.may(request.user, access.VIEW, access.REVIEW_SETTINGS),
            "tie_break": selectors.TIE_BREAK_RULE,
            "lists": lists,
            "in_stage": in_stage,
            "can_draft": office and in_stage and not has_draft,
            "can_conclude": office and in_stage and not has_draft,
            "draft_form": draft_form,
            "early_close": stage_dates.early_close(edition),
            "conclude_form": conclude or _conclude_form(),
            "events": selectors.events_of(edition),
        },
        status=status,
    )


@login_required
@require_POST
def deliberation_draft(request):
    edition = deliberation_edition_for(request, action=access.MANAGE)
    ranking = selectors.composite_ranking(edition, to_show=True)
    form = DraftListForm(
        request.POST,
        choices=_draft_choices({k: selectors.candidates(ranking, k) for k in selectors.KINDS}),
        references=_candidate_references(ranking),
    )
    return submit(
        request,
        form,
        lambda summary, applications, reason: deliberation.draft_proposed_list(
            edition=edition,
            actor=request.user,
            summary=summary,
            applications=list(Application.objects.filter(edition=edition, pk__in=applications)),
            reason=reason,
            ip=client_ip(request),
        ),
        _("名单已拟定，提请领导小组审议。"),
        done=lambda created: redirect("review:deliberation_list", pk=created.pk),
        failed=lambda: _home_page(request, edition, draft=form, status=400),
    )


@login_required
@require_POST
def deliberation_conclude(request):
    edition = deliberation_edition_for(request, action=access.MANAGE)
    form = _conclude_form(request.POST)
    return submit(
        request,
        form,
        deliberation.conclude_deliberation,
        _("审议公示阶段已结束，进入表扬授奖。"),
        done=redirect("review:deliberation_award"),
        failed=lambda: _home_page(request, edition, conclude=form, status=400),
        edition=edition,
        actor=request.user,
        ip=client_ip(request),
    )


# --- one list: decision, publicity, report -------------------------------------------------------


@login_required
def deliberation_list(request, pk: int):
    return _list_page(request, access.get_for(request.user, access.PROPOSED_LIST, pk))


def _list_page(request, proposed_list, *, sent=None, status: int = 200):
    """The page of one proposed list; with `sent`, a decision or publicity form the user sent
    that was refused or not valid, shown with what was typed in it and its errors."""
    proposals = proposed_list.proposals.select_related(
        "application__category", "application__unit", "replaces__application"
    ).order_by("kind", "rank")
    decision = getattr(proposed_list, "decision", None)
    window = proposed_list.window
    in_stage = proposed_list.edition.stage == Stage.DELIBERATION
    can_publicize = (
        access.may(request.user, access.MANAGE, access.DELIBERATION)
        and in_stage
        and proposed_list.status == ProposedList.Status.APPROVED
        and (window is None or window.status == window.Status.WITHDRAWN)
    )
    texts = deliberation.default_publicity_texts(proposed_list)
    decision_form = LeadershipDecisionForm(
        initial={"meeting_date": timezone.localdate()},
        action=reverse("review:deliberation_decide", args=[proposed_list.pk]),
    )
    publicize_form = PublicizeForm(
        initial={**texts, "start_date": timezone.localdate(), "workdays": 5},
        action=reverse("review:deliberation_publicize", args=[proposed_list.pk]),
    )
    return render(
        request,
        "review/deliberation_list.html",
        {
            "list": proposed_list,
            "proposals": proposals,
            "decision": decision,
            "window": window,
            "can_decide": access.may(request.user, access.DECIDE, access.PROPOSED_LIST)
            and in_stage
            and proposed_list.status == ProposedList.Status.DRAFT,
            "can_publicize": can_publicize,
            "decision_form": shown_form(sent, decision_form),
            "publicize_form": shown_form(sent, publicize_form),
        },
        status=status,
    )


def _list_step(request, pk: int, action: str, form, service, success: str):
    """A step on proposed list `pk` that the user may take as `action` says, with the posted
    form: `service` gets the list, the actor and the form's data; back to the list's page, or,
    refused or not valid, the page again with the form as it was sent and why."""
    proposed_list = access.get_for(request.user, access.PROPOSED_LIST, pk, action)
    back = redirect("review:deliberation_list", pk=pk)

    def again():
        return _list_page(request, proposed_list, sent=form, status=400)

    target = {"proposed_list": proposed_list, "actor": request.user}
    return submit(request, form, service, success, done=back, failed=again, **target)


@login_required
@require_POST
def deliberation_decide(request, pk: int):
    ip = client_ip(request)

    def record(*, outcome: str, **data):
        approved = outcome == "approved"
        return deliberation.record_leadership_decision(approved=approved, ip=ip, **data)

    action = reverse("review:deliberation_decide", args=[pk])
    form = LeadershipDecisionForm(request.POST, request.FILES, action=action)
    return _list_step(request, pk, access.DECIDE, form, record, _("领导小组审议结果已记录。"))


@login_required
@require_POST
def deliberation_publicize(request, pk: int):
    form = PublicizeForm(request.POST, action=reverse("review:deliberation_publicize", args=[pk]))
    publicize = deliberation.publicize_list
    return _list_step(request, pk, access.MANAGE, form, publicize, _("名单已发布公示。"))


deliberation_report_docx, deliberation_report_pdf = report_views(
    access.PROPOSED_LIST,
    deliberation_reports.report_docx,
    deliberation_reports.report_pdf,
    deliberation_reports.report_filename,
    quoted=True,
)


@login_required
def deliberation_attachment(request, pk: int):
    decision = access.get_for(request.user, access.DECISION, pk)
    handle = open_or_404(decision.attachment)
    return FileResponse(handle, as_attachment=True, filename=decision.attachment_name or "file")
