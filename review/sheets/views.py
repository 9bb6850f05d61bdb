"""Pages of score sheets: an expert's dashboard, an assigned application with its materials and
the sheet (saved, autosaved, submitted), and the city office's view of a sheet, which it may
return or excuse. Each view fetches through the access policy (award_portal.access), calls one
service and renders or redirects; a refused action comes back as a message, never a 500."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as L

from applications.intake.forms import display_sections_for
from applications.intake.selectors import materials_of
from award_portal import access
from award_portal.autosave import autosave_endpoint, form_errors, refused, saved
from award_portal.downloads import upload_response
from award_portal.workflow.engine import changes_of
from review.errors import ReviewError
from review.forms import ReasonForm
from review.models import Assignment, ScoreSheet
from review.sheets import selectors, services
from review.sheets.forms import ScoreSheetForm
from review.web import post_view, row_post, url_for_each


@login_required
def expert_dashboard(request):
    access.require(request.user, access.ACT_ON, access.ASSIGNMENT, hide=True)
    expert = selectors.dashboard_expert(request.user)
    assignments = selectors.expert_dashboard_rows(expert.pk) if expert else []
    detail_url = url_for_each("review:assignment_detail")
    for row in assignments:
        row.url = detail_url(row.pk)
    led_rounds = expert.led_rounds if expert else []
    return render(
        request,
        "review/expert_dashboard.html",
        {"expert": expert, "assignments": assignments, "led_rounds": led_rounds},
    )


def _sheet_context(request, assignment: Assignment, form=None) -> dict:
    sheet = assignment.sheet
    items = list(sheet.rubric.items.all())
    locked = sheet.is_locked
    if form is None:
        form = ScoreSheetForm(
            initial=ScoreSheetForm.initial_for(sheet, items),
            sheet=sheet,
            items=items,
            locked=locked,
        )
    others = (
        selectors.other_submitted_sheets(sheet)
        if sheet.status == ScoreSheet.Status.SUBMITTED
        else None
    )
    return {
        "assignment": assignment,
        "sheet": sheet,
        "form": form,
        "locked": locked,
        "others": others,
        "max_points": sum(i.points for i in items),
        # Experts score the work, not the person: identity and mobile numbers masked.
        "sections": display_sections_for(assignment.application, reveal=False),
        "materials": materials_of(assignment.application),
    }


# The assignment with what its page shows: the application's edition (its form's year) and
# unit read in the same query.
_DETAIL_RELATED = (
    "round__edition",
    "application__category",
    "application__edition",
    "application__unit",
    "expert",
    "sheet__rubric",
)


@login_required
def assignment_detail(request, pk: int):
    assignment = access.get_for(
        request.user, access.ASSIGNMENT, pk, access.ACT_ON, hide=True, related=_DETAIL_RELATED
    )
    if assignment.attested_at is None:
        return redirect("review:assignment_declare", pk=pk)
    sheet = assignment.sheet
    if request.method == "POST":
        items = list(sheet.rubric.items.all())
        form = ScoreSheetForm(request.POST, sheet=sheet, items=items, locked=sheet.is_locked)
        if not form.is_valid():
            messages.error(request, _("有分数无效，未保存，请检查标红的条目。"))
            return render(
                request, "review/assignment_detail.html", _sheet_context(request, assignment, form)
            )
        try:
            services.save_sheet(
                sheet=sheet,
                actor=request.user,
                scores=form.scores(),
                comments=form.comments(),
                overall_comment=form.cleaned_data.get("overall_comment", ""),
            )
            if "submit_sheet" in request.POST:
                services.submit_sheet(sheet=sheet, actor=request.user)
                messages.success(request, _("评分表已提交。"))
            else:
                messages.success(request, _("草稿已保存。"))
        except ReviewError as exc:
            messages.error(request, exc.message)
            for item_id, message in exc.errors.items():
                if f"item_{item_id}" in form.fields:
                    form.add_error(f"item_{item_id}", message)
            return render(
                request, "review/assignment_detail.html", _sheet_context(request, assignment, form)
            )
        # The page that follows says it is saved, so the browser drops its copy of the sheet.
        return redirect(reverse("review:assignment_detail", kwargs={"pk": pk}) + "?saved=1")
    context = {**_sheet_context(request, assignment), "saved": "saved" in request.GET}
    return render(request, "review/assignment_detail.html", context)


@login_required
def assignment_material(request, pk: int, material_pk: int):
    """An assigned expert reads the application's materials; a conflicted one never gets here."""
    assignment = access.get_for(request.user, access.ASSIGNMENT, pk, access.ACT_ON, hide=True)
    if assignment.attested_at is None:
        raise Http404
    material = get_object_or_404(assignment.application.materials, pk=material_pk)
    return upload_response(material)


@autosave_endpoint
def assignment_autosave(request, pk: int):
    assignment = access.get_for(request.user, access.ASSIGNMENT, pk, access.ACT_ON, hide=True)
    sheet = assignment.sheet
    items = list(sheet.rubric.items.all())
    form = ScoreSheetForm(request.POST, sheet=sheet, items=items)
    if not form.is_valid():
        return refused(_("有分数无效，未自动保存。"), status=400, errors=form_errors(form))
    try:
        sheet = services.save_sheet(
            sheet=sheet,
            actor=request.user,
            scores=form.scores(),
            comments=form.comments(),
            overall_comment=form.cleaned_data.get("overall_comment", ""),
        )
    except ReviewError as exc:
        # Scores out of range are the expert's to correct; a sheet that may no longer be
        # written (submitted, round closed) is a conflict with the page they have open.
        errors = {f"item_{item_id}": [message] for item_id, message in exc.errors.items()}
        return refused(exc.message, status=400 if errors else 409, errors=errors)
    return saved(at=sheet.updated_at)


def _sheet_post(request, pk: int, service, success: str):
    sheet = row_post(request, ScoreSheet, pk, access.SHEET, "sheet", service, success)
    return redirect("review:round_progress", pk=sheet.assignment.round_id)


sheet_reopen = post_view(_sheet_post, services.reopen_sheet, L("评分表已退回专家重评。"))
sheet_excuse = post_view(_sheet_post, services.excuse_sheet, L("该评分表已免评。"))


@login_required
def sheet_view(request, pk: int):
    access.require(request.user, access.VIEW, access.SHEET, hide=True)
    try:
        sheet = ScoreSheet.objects.select_related(
            "assignment__expert", "assignment__application", "assignment__round__edition", "rubric"
        ).get(pk=pk)
    except ScoreSheet.DoesNotExist:
        raise Http404 from None
    scores = {s.item_id: s.score for s in sheet.scores.all()}
    items = [(item, scores.get(item.pk)) for item in sheet.rubric.items.all()]
    return render(
        request,
        "review/sheet_view.html",
        {
            "sheet": sheet,
            "items": items,
            "comments": sheet.comments.all(),
            "events": changes_of(sheet),
            "reason_form": ReasonForm(),
            "can_manage": access.may(request.user, access.MANAGE, access.SHEET),
        },
    )
