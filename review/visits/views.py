"""Pages of on-site visits and the defense schedule. Each view fetches through the access
policy (award_portal.access), calls one service and renders or redirects; a refused action comes
back as a message, never a 500."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from applications.models import Stage
from award_portal import access
from award_portal.access.conditions import Visit
from award_portal.actions import accepted, attempt
from review.models import DefenseSlot, ExpertProfile, OnsiteVisit
from review.paging import page_of
from review.rounds.selectors import round_applications
from review.visits import services
from review.visits.forms import DefenseSlotForm, OnsiteVisitForm


@login_required
def onsite_visit(request, pk: int, application_pk: int):
    review_round = access.get_for(request.user, access.ROUND_RESULTS, pk)
    if review_round.stage != Stage.ONSITE_REVIEW:
        raise Http404
    # The group leader reaches no visit of an application they are conflicted with.
    access.require(
        request.user, access.VIEW, access.VISIT, Visit(review_round, application_pk), hide=True
    )
    application = round_applications(review_round).filter(pk=application_pk).first()
    if application is None:
        raise Http404
    visit = OnsiteVisit.objects.filter(round=review_round, application=application).first()
    items = list(review_round.checklist.items.all()) if review_round.checklist else []
    team_queryset = ExpertProfile.objects.filter(panels__round=review_round)
    initial = {}
    if visit:
        initial = {
            "visit_date": visit.visit_date,
            "place": visit.place,
            "findings": visit.findings,
            "team": list(visit.team.all()),
        }
        for check in visit.checks.all():
            initial[f"check_{check.item_id}"] = check.verdict
            initial[f"checknote_{check.item_id}"] = check.note
    form = OnsiteVisitForm(
        request.POST or None, initial=initial, team_queryset=team_queryset, checklist_items=items
    )
    may_edit = access.may(
        request.user, access.EDIT, access.VISIT, Visit(review_round, application.pk)
    )
    if request.method == "POST":
        if not may_edit:
            raise PermissionDenied
        if form.is_valid():
            data = form.cleaned_data
            if attempt(
                request,
                services.record_visit,
                _("现场评审记录已保存。"),
                review_round=review_round,
                application=application,
                actor=request.user,
                visit_date=data["visit_date"],
                place=data["place"],
                team=data["team"],
                findings=data["findings"],
                checks=form.checks(),
            ):
                return redirect("review:onsite_visit", pk=pk, application_pk=application_pk)
    return render(
        request,
        "review/onsite_visit.html",
        {
            "round": review_round,
            "application": application,
            "form": form,
            "visit": visit,
            "may_edit": may_edit,
        },
    )


@login_required
def defense_schedule(request, pk: int):
    review_round = access.get_for(request.user, access.ROUND, pk)
    if review_round.stage != Stage.DEFENSE:
        raise Http404
    applications = round_applications(review_round)
    form = DefenseSlotForm(request.POST or None, applications=applications)
    if request.method == "POST":
        access.require(request.user, access.MANAGE, access.ROUND)
    if accepted(
        request,
        form,
        services.schedule_defense,
        _("答辩安排已保存。"),
        review_round=review_round,
        actor=request.user,
    ):
        return redirect("review:defense_schedule", pk=pk)
    slots = page_of(
        request,
        DefenseSlot.objects.filter(round=review_round)
        .select_related("application")
        .defer("application__data", "application__return_notes")
        .order_by("order", "pk"),
    )
    return render(
        request,
        "review/defense_schedule.html",
        {
            "round": review_round,
            "form": form,
            "slots": slots,
            "can_manage": access.may(request.user, access.MANAGE, access.ROUND),
        },
    )
