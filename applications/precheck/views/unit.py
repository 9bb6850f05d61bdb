"""The recommending unit's pages of stage 2 (初核推荐): its queue and export, the pre-check of
one application (checks, consultations, paper copy, recommend, return, not recommend) and the
recommendation letters."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from applications import lifecycle
from applications.intake.selectors import locality_warning
from applications.models import Application, Consultation, RecommendingUnit, Status
from applications.precheck import exports, letters, selectors, services
from applications.precheck.forms import (
    BulkRecommendForm,
    ChecklistForm,
    ConsultationForm,
    ListFilterForm,
    PaperCopyForm,
    ReasonForm,
    RecommendForm,
    ReturnForm,
)
from applications.precheck.views.common import (
    DOCX,
    XLSX,
    edition_or_404,
    form_errors,
    report_problems,
    require_unit_officer,
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
    edition = edition_or_404(request)
    filters = selectors.parse_filters(request.GET, statuses=selectors.UNIT_STATUSES)
    counts = selectors.status_counts(
        selectors.unit_rows(user=request.user, edition=edition), field="application_status"
    )
    page, page_problem = selectors.paginate(
        selectors.unit_queue_rows(user=request.user, edition=edition, filters=filters),
        request.GET.get("page"),
        count=filters.count_from(counts),
    )
    report_problems(request, problems=filters.problems + ([page_problem] if page_problem else []))
    return render(
        request,
        "applications/unit_queue.html",
        {
            "edition": edition,
            "unit": request.user.unit,
            "page": page,
            "filters": filters,
            "filter_form": ListFilterForm(
                initial=filters.as_query(), statuses=selectors.UNIT_STATUSES
            ),
            "counts": counts,
            "total": sum(row["count"] for row in counts),
            "deadline": selectors.deadline_info(edition=edition, unit=request.user.unit),
            "bulk_form": RecommendForm(),
            "can_recommend": edition.stage in lifecycle.PRECHECK_STAGES,
        },
    )


@login_required
def unit_export(request):
    require_unit_officer(request)
    edition = edition_or_404(request)
    filters = selectors.parse_filters(request.GET, statuses=selectors.UNIT_STATUSES)
    rows = selectors.unit_queue(user=request.user, edition=edition, filters=filters)
    return document_response(
        exports.unit_queue_xlsx(rows=rows, unit=request.user.unit, edition=edition),
        filename=_("%(unit)s初核推荐清单.xlsx") % {"unit": request.user.unit.name},
        content_type=XLSX,
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
        form_errors(request, form)
        return redirect("applications:unit_queue")
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
    return redirect("applications:unit_queue")


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


def _back_to_review(application: Application):
    return redirect("applications:unit_review", pk=application.pk)


@login_required
@require_POST
def unit_checklist(request, pk: int):
    application = _unit_application(request, pk)
    form = ChecklistForm(request.POST)
    if form.is_valid():
        try:
            services.record_precheck(
                application=application, actor=request.user, **form.cleaned_data
            )
        except services.PrecheckError as exc:
            messages.error(request, exc.message)
            return _unit_review_page(request, application, status=400, checklist_form=form)
        messages.success(request, _("初核记录已保存。"))
        return _back_to_review(application)
    return _unit_review_page(request, application, status=400, checklist_form=form)


@login_required
@require_POST
def unit_consultation(request, pk: int):
    application = _unit_application(request, pk)
    form = ConsultationForm(request.POST)
    if form.is_valid():
        try:
            services.add_unit_consultation(
                application=application, actor=request.user, **form.cleaned_data
            )
        except services.PrecheckError as exc:
            messages.error(request, exc.message)
            return _unit_review_page(request, application, status=400, consultation_form=form)
        messages.success(request, _("征求意见记录已保存。"))
        return _back_to_review(application)
    return _unit_review_page(request, application, status=400, consultation_form=form)


@login_required
@require_POST
def unit_paper_copy(request, pk: int):
    application = _unit_application(request, pk)
    form = PaperCopyForm(request.POST)
    if form.is_valid():
        try:
            services.record_paper_copy(
                application=application, actor=request.user, **form.cleaned_data
            )
        except services.PrecheckError as exc:
            messages.error(request, exc.message)
            return _unit_review_page(request, application, status=400, paper_form=form)
        messages.success(request, _("已登记收到纸质申报材料。"))
        return _back_to_review(application)
    return _unit_review_page(request, application, status=400, paper_form=form)


@login_required
@require_POST
def unit_recommend(request, pk: int):
    application = _unit_application(request, pk)
    form = RecommendForm(request.POST)
    if form.is_valid():
        try:
            services.recommend(
                application=application,
                actor=request.user,
                opinion=form.cleaned_data["opinion"],
                ip=client_ip(request),
            )
        except lifecycle.TransitionError as exc:
            messages.error(request, exc.message)
            return _unit_review_page(request, application, status=400, recommend_form=form)
        messages.success(
            request, _("已推荐至市质量强市办。请下载推荐意见函，盖章后随纸质材料报送。")
        )
        return _back_to_review(application)
    return _unit_review_page(request, application, status=400, recommend_form=form)


@login_required
@require_POST
def unit_return(request, pk: int):
    application = _unit_application(request, pk)
    labels = _field_labels(application)
    form = ReturnForm(request.POST, field_choices=list(labels.items()))
    if form.is_valid():
        try:
            services.return_for_correction(
                application=application,
                actor=request.user,
                reason=form.cleaned_data["reason"],
                notes=form.cleaned_data["notes"],
                field_labels=labels,
                ip=client_ip(request),
            )
        except lifecycle.TransitionError as exc:
            messages.error(request, exc.message)
            return _unit_review_page(request, application, status=400, return_form=form)
        messages.success(request, _("已退回申报者修改。"))
        return _back_to_review(application)
    return _unit_review_page(request, application, status=400, return_form=form)


@login_required
@require_POST
def unit_not_recommend(request, pk: int):
    application = _unit_application(request, pk)
    form = ReasonForm(request.POST)
    if form.is_valid():
        try:
            services.not_recommend(
                application=application,
                actor=request.user,
                reason=form.cleaned_data["reason"],
                ip=client_ip(request),
            )
        except lifecycle.TransitionError as exc:
            messages.error(request, exc.message)
            return _unit_review_page(request, application, status=400, not_recommend_form=form)
        messages.success(request, _("已作出不予推荐的决定。"))
        return _back_to_review(application)
    return _unit_review_page(request, application, status=400, not_recommend_form=form)


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
