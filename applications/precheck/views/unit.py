"""The recommending unit's pages of stage 2 (初核推荐): its queue and export, the pre-check of
one application (checks, consultations, paper copy, recommend, return, not recommend) and the
recommendation letters."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as L
from django.views.decorators.http import require_POST

from applications import lifecycle
from applications.intake.selectors import locality_warning
from applications.models import Application, Consultation, RecommendingUnit, Status
from applications.precheck import exports, letters, selectors, services
from applications.precheck.forms import (
    BulkRecommendForm,
    ChecklistForm,
    ConsultationForm,
    PaperCopyForm,
    ReasonForm,
    RecommendForm,
    ReturnForm,
)
from applications.precheck.views.common import (
    DOCX,
    edition_or_404,
    filtered_list,
    filtered_rows,
    require_unit_officer,
    step_views,
    xlsx_export,
)
from award_portal import access
from award_portal.downloads import document_response
from award_portal.http import client_ip


def _unit_application(request, pk: int) -> Application:
    require_unit_officer(request)
    return access.get_for(request.user, access.RECOMMENDATION, pk, access.ACT_ON)


# --- the unit's queue -----------------------------------------------------------------------


@login_required
def unit_queue(request):
    require_unit_officer(request)
    return _unit_queue_page(request, edition_or_404(request))


def _unit_queue_page(request, edition, *, bulk_form=None, ticked=(), status: int = 200):
    """The unit's queue; with `bulk_form`, the bulk recommendation as it was sent, with why it
    was not valid, and the applications it chose (`ticked`, their ids as sent) still ticked."""
    mine, queue = selectors.unit_rows, selectors.unit_queue_rows
    page = filtered_list(
        request, edition, statuses=selectors.UNIT_STATUSES, mine=mine, listed=queue
    )
    return render(
        request,
        "applications/unit_queue.html",
        {
            **page,
            "unit": request.user.unit,
            "deadline": selectors.deadline_info(edition=edition, unit=request.user.unit),
            "bulk_form": bulk_form or RecommendForm(),
            "ticked": ticked,
            "can_recommend": edition.stage in lifecycle.PRECHECK_STAGES,
        },
        status=status,
    )


@xlsx_export(require_unit_officer)
def unit_export(request, edition):
    rows = filtered_rows(
        request, edition, statuses=selectors.UNIT_STATUSES, rows=selectors.unit_queue
    )
    return (
        exports.unit_queue_xlsx(rows=rows, unit=request.user.unit, edition=edition),
        _("%(unit)s初核推荐清单.xlsx") % {"unit": request.user.unit.name},
    )


@login_required
@require_POST
def unit_bulk_recommend(request):
    require_unit_officer(request)
    edition = edition_or_404(request)
    mine = selectors.unit_applications(user=request.user, edition=edition).filter(
        status=Status.SUBMITTED
    )
    form = BulkRecommendForm(request.POST, ids=list(mine.values_list("pk", flat=True)))
    if not form.is_valid():
        # The page's form has the opinion only: the choice's errors are shown above it.
        sent = RecommendForm(request.POST)
        sent.is_valid()
        for error in form.errors.get("ids", []):
            sent.add_error(None, error)
        ticked = request.POST.getlist("ids")
        return _unit_queue_page(request, edition, bulk_form=sent, ticked=ticked, status=400)
    chosen = mine.filter(pk__in=form.cleaned_data["ids"]).order_by("reference")
    result = services.recommend_many(
        applications=chosen,
        actor=request.user,
        opinion=form.cleaned_data["opinion"],
        ip=client_ip(request),
    )
    if result.done:
        messages.success(request, _("已推荐%(n)d份申报。") % {"n": len(result.done)})
    for application, reason in result.refused:
        messages.error(
            request,
            _("%(ref)s %(name)s 未能推荐：%(reason)s")
            % {"ref": application.reference, "name": application.applicant_name, "reason": reason},
        )
    if not result.refused:
        return redirect("applications:unit_queue")
    # The refused stay ticked under the opinion as typed, to send again once they are ready.
    return _unit_queue_page(
        request,
        edition,
        bulk_form=RecommendForm(request.POST),
        ticked=[str(application.pk) for application, _reason in result.refused],
        status=200 if result.done else 400,
    )


# --- the pre-check of one application -------------------------------------------------------


def _field_labels(application: Application) -> dict[str, str]:
    from applications.intake.forms import form_class_for

    try:
        form = form_class_for(application.category)(edition=application.edition)
    except KeyError:
        return {}
    return {name: str(field.label) for name, field in form.fields.items()}


def _unit_review_page(request, application: Application, *, status: int = 200, **forms):
    review = application.precheck if hasattr(application, "precheck") else None
    checklist_initial = {}
    if review is not None:
        for name in review.CHECKS:
            checklist_initial[f"{name}_ok"] = getattr(review, f"{name}_ok")
            checklist_initial[f"{name}_note"] = getattr(review, f"{name}_note")
    receipt = application.paper_copy if hasattr(application, "paper_copy") else None
    labels = _field_labels(application)
    context = {
        "application": application,
        "review": review,
        "receipt": receipt,
        "consultations": application.consultations.filter(
            phase=Consultation.Phase.PRECHECK
        ).select_related("recorded_by"),
        "deadline": selectors.deadline_info(edition=application.edition, unit=application.unit),
        "can_act": application.status == Status.SUBMITTED
        and application.edition.stage in lifecycle.PRECHECK_STAGES,
        "stale_review": review is not None
        and application.submitted_at is not None
        and review.checked_at < application.submitted_at,
        "checklist_form": forms.get("checklist_form") or ChecklistForm(initial=checklist_initial),
        "consultation_form": forms.get("consultation_form") or ConsultationForm(),
        "paper_form": forms.get("paper_form")
        or PaperCopyForm(
            initial={"received_on": receipt.received_on, "copies": receipt.copies}
            if receipt
            else None
        ),
        "recommend_form": forms.get("recommend_form") or RecommendForm(),
        "return_form": forms.get("return_form") or ReturnForm(field_choices=list(labels.items())),
        "not_recommend_form": forms.get("not_recommend_form") or ReasonForm(),
        "events": application.events.order_by("-at", "-id")[:20],
        "locality": locality_warning(application),
        "needs_consultation": application.unit is not None
        and application.unit.kind == RecommendingUnit.Kind.COUNTY,
    }
    return render(request, "applications/unit_review.html", context, status=status)


@login_required
def unit_review(request, pk: int):
    application = _unit_application(request, pk)
    return _unit_review_page(request, application)


_step = step_views(_unit_application, _unit_review_page, "applications:unit_review")


def _return_for_correction(*, application: Application, actor, reason: str, notes, ip, **rows):
    """Return with the reason and the notes the form gathered from its rows."""
    labels = _field_labels(application)
    return services.return_for_correction(
        application=application, actor=actor, reason=reason, notes=notes, field_labels=labels, ip=ip
    )


def _return_form(data, application: Application) -> ReturnForm:
    return ReturnForm(data, field_choices=list(_field_labels(application).items()))


# The steps of the pre-check: what each calls, what it says when done, and its form.
unit_checklist = _step(
    services.record_precheck, L("初核记录已保存。"), checklist_form=ChecklistForm
)
unit_consultation = _step(
    services.add_unit_consultation, L("征求意见记录已保存。"), consultation_form=ConsultationForm
)
unit_paper_copy = _step(
    services.record_paper_copy, L("已登记收到纸质申报材料。"), paper_form=PaperCopyForm
)
unit_recommend = _step(
    services.recommend,
    L("已推荐至市质量强市办。请下载推荐意见函，盖章后随纸质材料报送。"),
    move=True,
    recommend_form=RecommendForm,
)
unit_return = _step(
    _return_for_correction, L("已退回申报者修改。"), move=True, return_form=_return_form
)
unit_not_recommend = _step(
    services.not_recommend, L("已作出不予推荐的决定。"), move=True, not_recommend_form=ReasonForm
)


@login_required
def unit_letter(request, pk: int):
    """The recommendation letter of one application, for the unit and the city office."""
    access.require(request.user, access.VIEW, access.RECOMMENDATION)
    application = access.get_for(request.user, access.RECOMMENDATION, pk)
    if application.unit is None:
        raise Http404
    return document_response(
        letters.recommendation_letter(unit=application.unit, applications=[application]),
        filename=_("初核和推荐意见-%(ref)s.docx") % {"ref": application.reference},
        content_type=DOCX,
    )


@login_required
def unit_letter_all(request):
    """One letter for every application the unit recommended in the current edition."""
    require_unit_officer(request)
    edition = edition_or_404(request)
    recommended = list(
        selectors.unit_applications(user=request.user, edition=edition)
        .filter(status__in=selectors.OFFICE_STATUSES)
        .select_related("category", "unit", "precheck")
        .order_by("category__order", "reference")
    )
    if not recommended:
        messages.info(request, _("本单位尚未推荐任何申报。"))
        return redirect("applications:unit_queue")
    return document_response(
        letters.recommendation_letter(unit=request.user.unit, applications=recommended),
        filename=_("%(unit)s初核和推荐意见.docx") % {"unit": request.user.unit.name},
        content_type=DOCX,
    )
