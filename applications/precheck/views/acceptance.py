"""The city office's pages of stage 3 (审查受理): the re-check, consultations and decision on
one recommended application, and the acceptance list with its publicity and export."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from applications import lifecycle
from applications.intake.selectors import locality_warning
from applications.models import Application, Consultation, Stage, Status
from applications.precheck import exports, selectors, services
from applications.precheck.forms import (
    AcceptanceCheckForm,
    AcceptanceListForm,
    ConsultationForm,
    NoteForm,
    ReasonForm,
    ResolutionForm,
)
from applications.precheck.views.common import (
    XLSX,
    edition_or_404,
    form_errors,
    require_office_reader,
    require_office_writer,
)
from award_portal import access
from award_portal.actions import submit
from award_portal.downloads import document_response
from award_portal.http import client_ip


def _office_application(request, pk: int) -> Application:
    require_office_reader(request)
    application = access.get_for(request.user, access.ACCEPTANCE, pk)
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
    is_office = access.may(request.user, access.MANAGE, access.ACCEPTANCE)
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


def _office_step(request, pk: int, call, success, **form):
    """One step of the city office on application `pk`, posted with the form named in `form`
    (or none): back to the page on success, the page again (status 400) when it is invalid or
    refused. `call` takes the application and the cleaned data."""
    require_office_writer(request)
    application = _office_application(request, pk)
    (bound,) = form.values()
    return submit(
        request,
        bound,
        lambda data: call(application, data),
        success,
        done=redirect("applications:office_acceptance", pk=application.pk),
        failed=lambda: _acceptance_page(request, application, status=400, **form),
    )


@login_required
@require_POST
def office_check(request, pk: int):
    return _office_step(
        request,
        pk,
        lambda application, data: services.record_acceptance_check(
            application=application, actor=request.user, **data
        ),
        _("复核记录已保存。"),
        check_form=AcceptanceCheckForm(request.POST),
    )


@login_required
@require_POST
def office_consultation(request, pk: int):
    return _office_step(
        request,
        pk,
        lambda application, data: services.add_office_consultation(
            application=application, actor=request.user, **data
        ),
        _("征求意见记录已保存。"),
        consultation_form=ConsultationForm(request.POST),
    )


@login_required
@require_POST
def office_resolve_objection(request, pk: int):
    require_office_writer(request)
    application = _office_application(request, pk)
    return submit(
        request,
        ResolutionForm(request.POST, application=application),
        lambda data: services.resolve_department_objection(
            consultation=data["consultation"], actor=request.user, resolution=data["resolution"]
        ),
        lambda consultation: (
            _("已登记%(department)s异议的处理情况。") % {"department": consultation.department}
        ),
        done=redirect("applications:office_acceptance", pk=application.pk),
        failed=lambda: _acceptance_page(request, application, status=400),
        invalid=form_errors,
    )


def _office_move(request, pk: int, service, success: str, *, field: str, **form):
    """A move of application `pk` by the city office with a note or a reason."""
    return _office_step(
        request,
        pk,
        lambda application, data: service(
            application=application,
            actor=request.user,
            ip=client_ip(request),
            **{field: data[field]},
        ),
        success,
        **form,
    )


@login_required
@require_POST
def office_accept(request, pk: int):
    return _office_move(
        request,
        pk,
        services.accept,
        _("已予以受理。"),
        field="note",
        accept_form=NoteForm(request.POST),
    )


@login_required
@require_POST
def office_not_accept(request, pk: int):
    return _office_move(
        request,
        pk,
        services.not_accept,
        _("已作出不予受理的决定。"),
        field="reason",
        not_accept_form=ReasonForm(request.POST),
    )


@login_required
@require_POST
def office_withdraw(request, pk: int):
    return _office_move(
        request,
        pk,
        services.withdraw_acceptance,
        _("已撤销受理。"),
        field="reason",
        withdraw_form=ReasonForm(request.POST),
    )


# --- the acceptance list --------------------------------------------------------------------


@login_required
def office_acceptance_list(request):
    require_office_reader(request)
    edition = edition_or_404(request)
    in_acceptance = edition.stage == Stage.ACCEPTANCE
    return render(
        request,
        "applications/office_acceptance_list.html",
        {
            "edition": edition,
            "rows": selectors.acceptance_list(edition=edition),
            "windows": selectors.acceptance_windows(edition=edition),
            "form": AcceptanceListForm(),
            "can_publicize": access.may(request.user, access.MANAGE, access.ACCEPTANCE)
            and in_acceptance,
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
    require_office_writer(request)
    edition = edition_or_404(request)
    return submit(
        request,
        AcceptanceListForm(request.POST),
        lambda data: services.draft_acceptance_list(edition=edition, actor=request.user, **data),
        _("已生成受理名单公示草稿，请核对后发布。"),
        done=lambda window: redirect("publicity:window_manage", pk=window.pk),
        failed=redirect("applications:office_acceptance_list"),
        invalid=form_errors,
    )


@login_required
def office_acceptance_export(request):
    require_office_reader(request)
    edition = edition_or_404(request)
    return document_response(
        exports.acceptance_list_xlsx(
            rows=selectors.acceptance_list(edition=edition), edition=edition
        ),
        filename=_("%(edition)s受理名单.xlsx") % {"edition": edition.name},
        content_type=XLSX,
    )
