"""Pages of conflicts of interest: an expert's declarations and their statement on opening an
application, an applicant's request that an expert be kept away, and the city office's list with
its decisions. Each view fetches through the access policy (award_portal.access), calls one
service and renders or redirects; a refused action comes back as a message, never a 500."""

from __future__ import annotations

from crispy_forms.templatetags.crispy_forms_filters import as_crispy_form
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from award_portal import access
from award_portal.actions import accepted, submit
from review.conflicts import services
from review.conflicts.forms import (
    AttestForm,
    AvoidanceRequestForm,
    ConflictDecisionForm,
    ConflictDeclarationForm,
)
from review.errors import ReviewError
from review.forms import ConfirmForm, ExpertChoiceForm
from review.models import AvoidanceRequest, Conflict, ExpertProfile
from review.paging import page_of
from review.web import edition_for, get_or_404


@login_required
def expert_conflicts(request):
    access.require(request.user, access.ACT_ON, access.CONFLICT, hide=True)
    expert = access.expert_for(request.user)
    if expert is None:
        raise Http404
    form = ConflictDeclarationForm(request.POST or None)
    success = _("回避事项已申报，系统已与申报名单比对。")
    if accepted(
        request, form, services.declare_conflict, success, expert=expert, actor=request.user
    ):
        return redirect("review:expert_conflicts")
    return render(
        request,
        "review/expert_conflicts.html",
        {"form": form, "declarations": expert.declarations.all()},
    )


@login_required
def assignment_declare(request, pk: int):
    assignment = access.get_for(request.user, access.ASSIGNMENT, pk, access.ACT_ON, hide=True)
    if assignment.attested_at:
        return redirect("review:assignment_detail", pk=pk)
    form = AttestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            conflict = services.attest_assignment(
                assignment=assignment, actor=request.user, **form.cleaned_data
            )
        except ReviewError as exc:
            messages.error(request, exc.message)
        else:
            if conflict is not None:
                messages.info(request, _("已记录回避申请，该申报已从您的评审任务中移除。"))
                return redirect("review:expert_dashboard")
            return redirect("review:assignment_detail", pk=pk)
    return render(
        request, "review/assignment_declare.html", {"assignment": assignment, "form": form}
    )


@login_required
def conflict_list(request, pk: int):
    edition = edition_for(request.user, pk, access.CONFLICT)
    if request.method == "POST":
        access.require(request.user, access.MANAGE, access.CONFLICT)
        count = services.detect_conflicts(edition=edition, actor=request.user)
        messages.success(request, _("比对完成，新发现 %(n)d 条回避关系。") % {"n": count})
        return redirect("review:conflict_list", pk=pk)
    return _list_page(request, edition)


def _list_page(request, edition, *, sent=None, row=None, status: int = 200):
    """The conflicts and avoidance requests of `edition`; with `sent`, a decision on conflict
    `row` or a match of avoidance request `row` that was refused or not valid, shown in its row
    with what was typed in it and its errors."""
    conflicts = (
        Conflict.objects.filter(application__edition=edition)
        .select_related("expert", "application", "decided_by")
        .defer("application__data", "application__return_notes")
        .order_by("decision", "-created_at", "-pk")
    )
    requests_ = (
        AvoidanceRequest.objects.filter(application__edition=edition)
        .select_related("application", "expert")
        .defer("application__data", "application__return_notes")
    )
    can_manage = access.may(request.user, access.MANAGE, access.CONFLICT)
    # A province's edition has thousands of both: a page of each at a time.
    avoidance_requests = page_of(request, requests_, "requests")
    unmatched = can_manage and any(r.expert_id is None for r in avoidance_requests.object_list)
    return render(
        request,
        "review/conflict_list.html",
        {
            "edition": edition,
            "conflicts": page_of(request, conflicts),
            "avoidance_requests": avoidance_requests,
            # The same fields in every row's form: rendered once (the choice of expert, every
            # expert of the pool, only when a request on the page is still to be matched).
            "decision_fields": as_crispy_form(ConflictDecisionForm()),
            "match_fields": as_crispy_form(
                ExpertChoiceForm(
                    queryset=ExpertProfile.objects.filter(editions__edition=edition),
                    with_reason=False,
                    label=_("对应到库内专家"),
                )
            )
            if unmatched
            else "",
            "detect_form": ConfirmForm(label=_("重新比对回避关系")),
            "can_manage": can_manage,
            "decision_sent": sent if isinstance(sent, ConflictDecisionForm) else None,
            "match_sent": sent if isinstance(sent, ExpertChoiceForm) else None,
            "sent_row": row,
        },
        status=status,
    )


@login_required
@require_POST
def conflict_decide(request, pk: int):
    access.require(request.user, access.MANAGE, access.CONFLICT, hide=True)
    conflict = get_or_404(Conflict, pk)
    form = ConflictDecisionForm(request.POST)
    edition = conflict.application.edition
    return submit(
        request,
        form,
        lambda decision, reason: services.decide_conflict(
            conflict=conflict, actor=request.user, confirm=decision == "confirm", reason=reason
        ),
        _("认定结果已记录。"),
        done=redirect("review:conflict_list", pk=edition.pk),
        failed=lambda: _list_page(request, edition, sent=form, row=conflict.pk, status=400),
    )


@login_required
@require_POST
def avoidance_match(request, pk: int):
    access.require(request.user, access.MANAGE, access.AVOIDANCE, hide=True)
    avoidance = get_or_404(AvoidanceRequest, pk)
    edition = avoidance.application.edition
    form = ExpertChoiceForm(
        request.POST,
        queryset=ExpertProfile.objects.filter(editions__edition=edition),
        with_reason=False,
        label=_("对应到库内专家"),
    )
    return submit(
        request,
        form,
        services.match_avoidance_request,
        _("已对应到库内专家，该专家暂不参与该申报的评审。"),
        done=redirect("review:conflict_list", pk=edition.pk),
        failed=lambda: _list_page(request, edition, sent=form, row=avoidance.pk, status=400),
        request=avoidance,
        actor=request.user,
    )


@login_required
def avoidance_request(request, pk: int):
    application = access.get_for(request.user, access.APPLICATION, pk)
    access.require(request.user, access.EDIT, access.AVOIDANCE, application, hide=True)
    form = AvoidanceRequestForm(request.POST or None)
    success, target = _("回避申请已提交，市质量强市办将予以认定。"), {"application": application}
    if accepted(request, form, services.request_avoidance, success, actor=request.user, **target):
        return redirect("review:avoidance_request", pk=pk)
    return render(
        request,
        "review/avoidance_request.html",
        {
            "application": application,
            "form": form,
            "requests": application.avoidance_requests.all(),
        },
    )
