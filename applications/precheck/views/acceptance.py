"""Pages of stages 2 and 3: the recommending unit's queue and pre-check, the city office's
acceptance, the acceptance list, deadline extensions, the overview and the exports.

Every application is fetched through applications.permissions: a unit officer reaches only
the applications filed with their unit, and gets a 404 for any other.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from applications import lifecycle
from applications.editions.working import working_edition
from applications.models import (
    Application,
    Consultation,
    Edition,
    RecommendingUnit,
    Stage,
    Status,
)
from applications.permissions import READ_ALL_ROLES, get_application_for
from applications.precheck import exports, letters, selectors
from applications.precheck import services as precheck
from applications.precheck.forms import (
    AcceptanceCheckForm,
    AcceptanceListForm,
    BulkRecommendForm,
    ChecklistForm,
    ConsultationForm,
    ExtensionForm,
    ListFilterForm,
    NoteForm,
    PaperCopyForm,
    ReasonForm,
    RecommendForm,
    ResolutionForm,
    ReturnForm,
)
from applications.selectors import locality_warning
from award_portal.accounts.models import Role
from award_portal.http import client_ip
from publicity import selectors as publicity_selectors

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _unit_officer(request) -> None:
    if request.user.role != Role.UNIT_OFFICER or request.user.unit_id is None:
        raise PermissionDenied


def _office_reader(request) -> None:
    if request.user.role not in READ_ALL_ROLES:
        raise PermissionDenied


def _office_writer(request) -> None:
    if request.user.role != Role.CITY_OFFICE:
        raise PermissionDenied


def _edition_or_404(request) -> Edition:
    """The edition the user works on: the current one, or for the office and the other readers
    the one they chose to view (查看届次); units cannot choose, so theirs is the current one."""
    edition = working_edition(request)
    if edition is None:
        raise Http404(_("尚未设置当前届次。"))
    return edition


def _download(content: bytes, *, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = exports.attachment(filename)
    response["Cache-Control"] = "private, no-store"
    return response


def _report(request, *, problems: list[str]) -> None:
    for problem in problems:
        messages.warning(request, problem)


def _unit_application(request, pk: int) -> Application:
    _unit_officer(request)
    return get_application_for(request.user, pk)


def _form_errors(request, form) -> None:
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)


# --- the unit's queue -----------------------------------------------------------------------


@login_required
def unit_queue(request):
    _unit_officer(request)
    edition = _edition_or_404(request)
    filters = selectors.parse_filters(request.GET, statuses=selectors.UNIT_STATUSES)
    counts = selectors.status_counts(
        selectors.unit_applications(user=request.user, edition=edition)
    )
    page, page_problem = selectors.paginate(
        selectors.unit_queue(user=request.user, edition=edition, filters=filters),
        request.GET.get("page"),
        count=filters.count_from(counts),
    )
    _report(request, problems=filters.problems + ([page_problem] if page_problem else []))
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
    _unit_officer(request)
    edition = _edition_or_404(request)
    filters = selectors.parse_filters(request.GET, statuses=selectors.UNIT_STATUSES)
    rows = selectors.unit_queue(user=request.user, edition=edition, filters=filters)
    return _download(
        exports.unit_queue_xlsx(rows=rows, unit=request.user.unit, edition=edition),
        filename=_("%(unit)s初核推荐清单.xlsx") % {"unit": request.user.unit.name},
        content_type=XLSX,
    )


@login_required
@require_POST
def unit_bulk_recommend(request):
    _unit_officer(request)
    edition = _edition_or_404(request)
    mine = selectors.unit_applications(user=request.user, edition=edition).filter(
        status=Status.SUBMITTED
    )
    form = BulkRecommendForm(request.POST, ids=list(mine.values_list("pk", flat=True)))
    if not form.is_valid():
        _form_errors(request, form)
        return redirect("applications:unit_queue")
    chosen = mine.filter(pk__in=form.cleaned_data["ids"]).order_by("reference")
    result = precheck.recommend_many(
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
    from applications.forms import form_class_for

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
            precheck.record_precheck(
                application=application, actor=request.user, **form.cleaned_data
            )
        except precheck.PrecheckError as exc:
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
            precheck.add_unit_consultation(
                application=application, actor=request.user, **form.cleaned_data
            )
        except precheck.PrecheckError as exc:
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
            precheck.record_paper_copy(
                application=application, actor=request.user, **form.cleaned_data
            )
        except precheck.PrecheckError as exc:
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
            precheck.recommend(
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
            precheck.return_for_correction(
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
            precheck.not_recommend(
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
    if request.user.role not in READ_ALL_ROLES | {Role.UNIT_OFFICER}:
        raise PermissionDenied
    application = get_application_for(request.user, pk)
    if application.unit is None:
        raise Http404
    return _download(
        letters.recommendation_letter(unit=application.unit, applications=[application]),
        filename=_("初核和推荐意见-%(ref)s.docx") % {"ref": application.reference},
        content_type=DOCX,
    )


@login_required
def unit_letter_all(request):
    """One letter for every application the unit recommended in the current edition."""
    _unit_officer(request)
    edition = _edition_or_404(request)
    recommended = list(
        selectors.unit_applications(user=request.user, edition=edition)
        .filter(status__in=selectors.OFFICE_STATUSES)
        .select_related("category", "unit", "precheck")
        .order_by("category__order", "reference")
    )
    if not recommended:
        messages.info(request, _("本单位尚未推荐任何申报。"))
        return redirect("applications:unit_queue")
    return _download(
        letters.recommendation_letter(unit=request.user.unit, applications=recommended),
        filename=_("%(unit)s初核和推荐意见.docx") % {"unit": request.user.unit.name},
        content_type=DOCX,
    )


# --- the city office: all recommended applications ------------------------------------------


@login_required
def office_list(request):
    _office_reader(request)
    edition = _edition_or_404(request)
    filters = selectors.parse_filters(request.GET, statuses=selectors.OFFICE_STATUSES)
    counts = selectors.status_counts(
        selectors.office_applications(user=request.user, edition=edition)
    )
    page, page_problem = selectors.paginate(
        selectors.office_list(user=request.user, edition=edition, filters=filters),
        request.GET.get("page"),
        count=filters.count_from(counts),
    )
    _report(request, problems=filters.problems + ([page_problem] if page_problem else []))
    return render(
        request,
        "applications/office_list.html",
        {
            "edition": edition,
            "page": page,
            "filters": filters,
            "filter_form": ListFilterForm(
                initial=filters.as_query(), statuses=selectors.OFFICE_STATUSES, with_unit=True
            ),
            "counts": counts,
            "total": sum(row["count"] for row in counts),
            "is_office": request.user.role == Role.CITY_OFFICE,
        },
    )


@login_required
def office_export(request):
    _office_reader(request)
    edition = _edition_or_404(request)
    filters = selectors.parse_filters(request.GET, statuses=selectors.OFFICE_STATUSES)
    rows = selectors.office_list(user=request.user, edition=edition, filters=filters)
    return _download(
        exports.office_list_xlsx(rows=rows, edition=edition),
        filename=_("%(edition)s推荐申报汇总.xlsx") % {"edition": edition.name},
        content_type=XLSX,
    )


def _office_application(request, pk: int) -> Application:
    _office_reader(request)
    application = get_application_for(request.user, pk)
    if application.status not in selectors.OFFICE_STATUSES:
        raise Http404  # not recommended: still the unit's business
    return application


def _acceptance_page(request, application: Application, *, status: int = 200, **forms):
    check = application.acceptance_review if hasattr(application, "acceptance_review") else None
    review = application.precheck if hasattr(application, "precheck") else None
    receipt = application.paper_copy if hasattr(application, "paper_copy") else None
    check_initial = (
        {
            "qualification_ok": check.qualification_ok,
            "qualification_note": check.qualification_note,
            "materials_ok": check.materials_ok,
            "materials_note": check.materials_note,
        }
        if check
        else None
    )
    is_office = request.user.role == Role.CITY_OFFICE
    consultations = application.consultations.select_related("recorded_by", "resolved_by").order_by(
        "phase", "consulted_on", "id"
    )
    context = {
        "application": application,
        "check": check,
        "review": review,
        "receipt": receipt,
        "unit_consultations": [c for c in consultations if c.phase == Consultation.Phase.PRECHECK],
        "office_consultations": [
            c for c in consultations if c.phase == Consultation.Phase.ACCEPTANCE
        ],
        "is_office": is_office,
        "can_decide": is_office
        and application.status == Status.RECOMMENDED
        and application.edition.stage == Stage.ACCEPTANCE,
        "can_check": is_office and application.status == Status.RECOMMENDED,
        "can_consult": is_office and application.status in {Status.RECOMMENDED, Status.ACCEPTED},
        "can_withdraw": is_office
        and application.status == Status.ACCEPTED
        and application.edition.stage == Stage.ACCEPTANCE,
        "check_form": forms.get("check_form") or AcceptanceCheckForm(initial=check_initial),
        "consultation_form": forms.get("consultation_form") or ConsultationForm(),
        "accept_form": forms.get("accept_form") or NoteForm(),
        "not_accept_form": forms.get("not_accept_form") or ReasonForm(),
        "withdraw_form": forms.get("withdraw_form") or ReasonForm(),
        "events": application.events.order_by("-at", "-id")[:20],
        "can_resolve": is_office and application.status in {Status.RECOMMENDED, Status.ACCEPTED},
        "locality": locality_warning(application),
    }
    return render(request, "applications/office_acceptance.html", context, status=status)


@login_required
def office_acceptance(request, pk: int):
    application = _office_application(request, pk)
    return _acceptance_page(request, application)


def _back_to_acceptance(application: Application):
    return redirect("applications:office_acceptance", pk=application.pk)


@login_required
@require_POST
def office_check(request, pk: int):
    _office_writer(request)
    application = _office_application(request, pk)
    form = AcceptanceCheckForm(request.POST)
    if form.is_valid():
        try:
            precheck.record_acceptance_check(
                application=application, actor=request.user, **form.cleaned_data
            )
        except precheck.PrecheckError as exc:
            messages.error(request, exc.message)
            return _acceptance_page(request, application, status=400, check_form=form)
        messages.success(request, _("复核记录已保存。"))
        return _back_to_acceptance(application)
    return _acceptance_page(request, application, status=400, check_form=form)


@login_required
@require_POST
def office_consultation(request, pk: int):
    _office_writer(request)
    application = _office_application(request, pk)
    form = ConsultationForm(request.POST)
    if form.is_valid():
        try:
            precheck.add_office_consultation(
                application=application, actor=request.user, **form.cleaned_data
            )
        except precheck.PrecheckError as exc:
            messages.error(request, exc.message)
            return _acceptance_page(request, application, status=400, consultation_form=form)
        messages.success(request, _("征求意见记录已保存。"))
        return _back_to_acceptance(application)
    return _acceptance_page(request, application, status=400, consultation_form=form)


@login_required
@require_POST
def office_resolve_objection(request, pk: int):
    _office_writer(request)
    application = _office_application(request, pk)
    form = ResolutionForm(request.POST, application=application)
    if form.is_valid():
        try:
            consultation = precheck.resolve_department_objection(
                consultation=form.cleaned_data["consultation"],
                actor=request.user,
                resolution=form.cleaned_data["resolution"],
            )
        except precheck.PrecheckError as exc:
            messages.error(request, exc.message)
            return _acceptance_page(request, application, status=400)
        messages.success(
            request,
            _("已登记%(department)s异议的处理情况。") % {"department": consultation.department},
        )
        return _back_to_acceptance(application)
    _form_errors(request, form)
    return _acceptance_page(request, application, status=400)


def _office_move(request, pk: int, *, form_class, form_name: str, service, field: str, done: str):
    _office_writer(request)
    application = _office_application(request, pk)
    form = form_class(request.POST)
    if form.is_valid():
        try:
            service(
                application=application,
                actor=request.user,
                ip=client_ip(request),
                **{("note" if field == "note" else "reason"): form.cleaned_data[field]},
            )
        except lifecycle.TransitionError as exc:
            messages.error(request, exc.message)
            return _acceptance_page(request, application, status=400, **{form_name: form})
        messages.success(request, done)
        return _back_to_acceptance(application)
    return _acceptance_page(request, application, status=400, **{form_name: form})


@login_required
@require_POST
def office_accept(request, pk: int):
    return _office_move(
        request,
        pk,
        form_class=NoteForm,
        form_name="accept_form",
        service=precheck.accept,
        field="note",
        done=_("已予以受理。"),
    )


@login_required
@require_POST
def office_not_accept(request, pk: int):
    return _office_move(
        request,
        pk,
        form_class=ReasonForm,
        form_name="not_accept_form",
        service=precheck.not_accept,
        field="reason",
        done=_("已作出不予受理的决定。"),
    )


@login_required
@require_POST
def office_withdraw(request, pk: int):
    return _office_move(
        request,
        pk,
        form_class=ReasonForm,
        form_name="withdraw_form",
        service=precheck.withdraw_acceptance,
        field="reason",
        done=_("已撤销受理。"),
    )


# --- the acceptance list --------------------------------------------------------------------


@login_required
def office_acceptance_list(request):
    _office_reader(request)
    edition = _edition_or_404(request)
    in_acceptance = edition.stage == Stage.ACCEPTANCE
    return render(
        request,
        "applications/office_acceptance_list.html",
        {
            "edition": edition,
            "rows": selectors.acceptance_list(edition=edition),
            "windows": selectors.acceptance_windows(edition=edition),
            "form": AcceptanceListForm(),
            "can_publicize": request.user.role == Role.CITY_OFFICE and in_acceptance,
            "consultation_problems": selectors.consultation_gaps(edition=edition).messages()
            if in_acceptance
            else [],
            "blockers": lifecycle.stage_blockers(edition)
            if edition.stage == Stage.ACCEPTANCE
            else [],
        },
    )


@login_required
@require_POST
def office_acceptance_publicize(request):
    _office_writer(request)
    edition = _edition_or_404(request)
    form = AcceptanceListForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return redirect("applications:office_acceptance_list")
    try:
        window = precheck.draft_acceptance_list(
            edition=edition, actor=request.user, **form.cleaned_data
        )
    except precheck.PrecheckError as exc:
        messages.error(request, exc.message)
        return redirect("applications:office_acceptance_list")
    messages.success(request, _("已生成受理名单公示草稿，请核对后发布。"))
    return redirect("publicity:window_manage", pk=window.pk)


@login_required
def office_acceptance_export(request):
    _office_reader(request)
    edition = _edition_or_404(request)
    return _download(
        exports.acceptance_list_xlsx(
            rows=selectors.acceptance_list(edition=edition), edition=edition
        ),
        filename=_("%(edition)s受理名单.xlsx") % {"edition": edition.name},
        content_type=XLSX,
    )


# --- deadline extensions --------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def office_extensions(request):
    _office_reader(request)
    edition = _edition_or_404(request)
    form = ExtensionForm(request.POST or None)
    if request.method == "POST":
        _office_writer(request)
        if form.is_valid():
            try:
                precheck.extend_deadline(
                    edition=edition,
                    unit=form.cleaned_data["unit"],
                    until=form.cleaned_data["until"],
                    reason=form.cleaned_data["reason"],
                    actor=request.user,
                )
            except precheck.PrecheckError as exc:
                messages.error(request, exc.message)
            else:
                messages.success(
                    request,
                    _("已将%(unit)s的推荐截止日期延长至%(date)s。")
                    % {
                        "unit": form.cleaned_data["unit"].name,
                        "date": form.cleaned_data["until"].strftime("%Y-%m-%d"),
                    },
                )
                return redirect("applications:office_extensions")
    return render(
        request,
        "applications/office_extensions.html",
        {
            "edition": edition,
            "extensions": selectors.extensions(edition=edition),
            "form": form,
            "is_office": request.user.role == Role.CITY_OFFICE,
            "today": timezone.localdate(),
        },
        status=400 if request.method == "POST" else 200,
    )


# --- the overview ---------------------------------------------------------------------------


@login_required
def office_overview(request):
    _office_reader(request)
    edition = _edition_or_404(request)
    overview = selectors.overview(edition=edition)
    return render(
        request,
        "applications/office_overview.html",
        {
            "edition": edition,
            "overview": overview,
            "chart_data": overview.chart_data(),
            "progress_columns": [row["label"] for row in overview.progress],
            "calendar_warning": (
                publicity_selectors.missing_calendar_warning(timezone.localdate())
                if request.user.role == Role.CITY_OFFICE
                else None
            ),
        },
    )


@login_required
def office_overview_export(request):
    _office_reader(request)
    edition = _edition_or_404(request)
    return _download(
        exports.overview_xlsx(overview=selectors.overview(edition=edition), edition=edition),
        filename=_("%(edition)s申报统计.xlsx") % {"edition": edition.name},
        content_type=XLSX,
    )
