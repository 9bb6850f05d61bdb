"""The city office's pages of stage 3 (审查受理): the re-check, consultations and decision on
one recommended application, and the acceptance list with its publicity and export."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as L
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
from applications.precheck.grouped_pages import GroupedRows
from applications.precheck.views.common import (
    edition_or_404,
    form_errors,
    require_office_reader,
    require_office_writer,
    step_views,
    xlsx_export,
)
from award_portal import access
from award_portal.actions import submit

LIST_COLUMNS = (
    "reference",
    "applicant_name",
    "status",
    "category__name",
    "category__order",
    "unit__name",
    "unit__order",
)


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
        "resolution_form": forms.get("resolution_form"),
    }
    return render(request, "applications/office_acceptance.html", context, status=status)


@login_required
def office_acceptance(request, pk: int):
    application = _office_application(request, pk)
    return _acceptance_page(request, application)


def _office_decides(request, pk: int) -> Application:
    require_office_writer(request)
    return _office_application(request, pk)


_step = step_views(_office_decides, _acceptance_page, "applications:office_acceptance")


# The city office's steps on one application: what each calls, what it says when done, and its
# form.
office_check = _step(
    services.record_acceptance_check, L("复核记录已保存。"), check_form=AcceptanceCheckForm
)
office_consultation = _step(
    services.add_office_consultation, L("征求意见记录已保存。"), consultation_form=ConsultationForm
)
office_accept = _step(services.accept, L("已予以受理。"), move=True, accept_form=NoteForm)
office_not_accept = _step(
    services.not_accept, L("已作出不予受理的决定。"), move=True, not_accept_form=ReasonForm
)
office_withdraw = _step(
    services.withdraw_acceptance, L("已撤销受理。"), move=True, withdraw_form=ReasonForm
)


@login_required
@require_POST
def office_resolve_objection(request, pk: int):
    application = _office_decides(request, pk)
    form = ResolutionForm(request.POST, application=application)
    # The form is shown again in the row of its objection, with what was typed and why; an
    # objection that is not open any more has no row and its error comes as a message.
    chosen, open_ones = request.POST.get("consultation", ""), form.fields["consultation"].queryset
    if chosen.isdigit():
        form.sent_for = open_ones.filter(pk=chosen).values_list("pk", flat=True).first()
    else:
        form.sent_for = None
    return submit(
        request,
        form,
        services.resolve_department_objection,
        lambda consultation: (
            _("已登记%(department)s异议的处理情况。") % {"department": consultation.department}
        ),
        done=redirect("applications:office_acceptance", pk=application.pk),
        failed=lambda: _acceptance_page(request, application, status=400, resolution_form=form),
        invalid=None if form.sent_for else form_errors,
        actor=request.user,
    )


# --- the acceptance list --------------------------------------------------------------------


@login_required
def office_acceptance_list(request):
    require_office_reader(request)
    return _acceptance_list_page(request, edition_or_404(request))


def _acceptance_list_page(request, edition, *, form=None, status: int = 200):
    """The acceptance list; with `form`, the publicity the office asked for as it was sent,
    with why it was not valid or was refused."""
    in_acceptance = edition.stage == Stage.ACCEPTANCE
    # The page shows names, not the records: only its narrow columns are read, a group of
    # category and unit at a time.
    rows = (
        selectors.acceptance_list(edition=edition)
        .select_related(None)
        .select_related("category", "unit")
        .only(*LIST_COLUMNS)
    )
    page, page_problem = selectors.paginate(GroupedRows(rows), request.GET.get("page"))
    return render(
        request,
        "applications/office_acceptance_list.html",
        {
            "edition": edition,
            "rows": page,
            "page": page,
            "page_problem": page_problem,
            "windows": selectors.acceptance_windows(edition=edition),
            "form": form or AcceptanceListForm(),
            "can_publicize": access.may(request.user, access.MANAGE, access.ACCEPTANCE)
            and in_acceptance,
            "consultation_problems": selectors.consultation_gaps(edition=edition).messages()
            if in_acceptance
            else [],
            "blockers": lifecycle.stage_blockers(edition)
            if edition.stage == Stage.ACCEPTANCE
            else [],
        },
        status=status,
    )


@login_required
@require_POST
def office_acceptance_publicize(request):
    require_office_writer(request)
    edition = edition_or_404(request)
    form = AcceptanceListForm(request.POST)
    return submit(
        request,
        form,
        services.draft_acceptance_list,
        _("已生成受理名单公示草稿，请核对后发布。"),
        done=lambda window: redirect("publicity:window_manage", pk=window.pk),
        failed=lambda: _acceptance_list_page(request, edition, form=form, status=400),
        edition=edition,
        actor=request.user,
    )


@xlsx_export(require_office_reader)
def office_acceptance_export(request, edition):
    rows = selectors.acceptance_list(edition=edition)
    return (
        exports.acceptance_list_xlsx(rows=rows, edition=edition),
        _("%(edition)s受理名单.xlsx") % {"edition": edition.name},
    )
