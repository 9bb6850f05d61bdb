"""Pages of stage 1 (自愿申报): the dashboard, the forms, materials, exports, invitations."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from applications import lifecycle, progress
from applications.editions.selectors import call_state
from applications.intake import selectors, services
from applications.intake.documents import application_docx, application_pdf
from applications.intake.forms import (
    InvitationForm,
    MaterialUploadForm,
    NewApplicationForm,
    as_form_data,
    display_sections_for,
    form_class_for,
    raw_values,
    team_members,
)
from applications.intake.forms.base import unit_choice_groups
from applications.intake.materials import DOCX, PDF, max_total_bytes
from applications.models import Edition, Invitation, MaterialKind
from award_portal import access
from award_portal.actions import attempt, save_form, submit
from award_portal.autosave import autosave_endpoint, form_errors, refused, saved
from award_portal.downloads import document_response, upload_response
from award_portal.http import client_ip
from award_portal.privacy import masking
from review.rounds.services import feedback_released

SUBMIT_MOVES = frozenset({"submit", "resubmit"})


def _applicant_only(request) -> None:
    access.require(request.user, access.EDIT, access.APPLICATION)


def _build_form(application, *, data=None, strict=False, unit_choices=None):
    form_class = form_class_for(application.category)
    return form_class(
        data=as_form_data(application.data) if data is None else data,
        edition=application.edition,
        strict=strict,
        return_notes=application.return_notes,
        locked_fields=services.locked_fields(application),
        unit_choices=unit_choices,
    )


@login_required
def dashboard(request):
    _applicant_only(request)
    rows = selectors.dashboard_rows(request.user)
    edition = Edition.current()
    call = call_state(edition) if edition else None
    return render(
        request,
        "applications/dashboard.html",
        {
            "rows": rows,
            "edition": edition,
            "call": call,
            "deadlines": selectors.edition_deadlines(edition) if edition else [],
            "new_form": (
                NewApplicationForm(kind=request.user.applicant_kind, edition=edition)
                if call and call.is_open
                else None
            ),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def new_application(request):
    _applicant_only(request)
    edition = Edition.current()
    call = call_state(edition) if edition else None
    if call is None or not call.is_open:
        # No form to fill: the call is closed (or there is none), and the page says so.
        return render(
            request,
            "applications/new.html",
            {
                "form": None,
                "closed_message": call.message if call else _("当前没有正在进行的评选。"),
            },
        )
    form = NewApplicationForm(
        request.POST or None, kind=request.user.applicant_kind, edition=edition
    )
    application = save_form(
        request,
        form,
        lambda data: services.create_application(
            owner=request.user, category=data["category"], edition=edition
        ),
        lambda created: (
            _("已创建申报 %(ref)s。填写内容会自动保存，您可以随时离开，稍后继续。")
            % {"ref": created.reference}
        ),
        field="category",
    )
    if application:
        return redirect("applications:edit", pk=application.pk)
    return render(request, "applications/new.html", {"form": form})


def _edit_context(request, application, form, *, saved=False, unit_choices=None):
    materials = selectors.materials_of(application)
    report = selectors.completeness(application, unit_choices=unit_choices)
    return {
        "application": application,
        "form": form,
        "sections": form.all_sections(),
        "completeness": report,
        "materials": materials,
        "material_groups": _material_groups(materials),
        "invitation_form": InvitationForm(),
        "invitations": application.invitations.filter(accepted_at__isnull=True),
        "collaborators": application.collaborators.all(),
        "latest_return": selectors.latest_return(application),
        "total_bytes": selectors.material_total_bytes(application),
        "max_total_bytes": max_total_bytes(),
        "max_file_mb": settings.MATERIAL_MAX_FILE_MB,
        "saved": saved,
        "is_owner": application.owner_id == request.user.pk,
        "window_open": application.edition.applications_open <= timezone.localdate(),
        "locality": selectors.locality_warning(application),
    }


def _material_groups(materials):
    groups = []
    for kind in MaterialKind:
        groups.append(
            {
                "kind": kind.value,
                "anchor": f"material-{kind.value.replace('_', '-')}",
                "label": kind.label,
                "required": kind in selectors.REQUIRED_MATERIALS,
                "multiple": kind not in selectors.SINGLE_MATERIALS,
                "files": [m for m in materials if m.kind == kind],
                "form": MaterialUploadForm(
                    kind=kind.value, multiple=kind not in selectors.SINGLE_MATERIALS
                ),
            }
        )
    return groups


@login_required
@require_http_methods(["GET", "POST"])
def edit(request, pk: int):
    application = access.get_for(request.user, access.APPLICATION, pk, access.EDIT, hide=True)
    if not selectors.is_editable(application):
        return redirect("applications:detail", pk=application.pk)
    if request.method == "GET":
        # The edition's recommending units, read once for the form and its completeness check
        units = unit_choice_groups(application.edition)
        return render(
            request,
            "applications/edit.html",
            _edit_context(
                request,
                application,
                _build_form(application, unit_choices=units),
                saved="saved" in request.GET,
                unit_choices=units,
            ),
        )

    values = raw_values(
        form_class_for(application.category), request.POST, edition=application.edition
    )
    try:
        services.save_draft(application=application, actor=request.user, values=values)
    except services.ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect("applications:detail", pk=application.pk)

    if request.POST.get("action") != "submit":
        messages.success(request, _("草稿已保存。"))
        return redirect(reverse("applications:edit", kwargs={"pk": application.pk}) + "?saved=1")
    try:
        services.submit_application(
            application=application, actor=request.user, ip=client_ip(request)
        )
    except lifecycle.TransitionError as exc:
        messages.error(request, _("草稿已保存，但尚不能提交：%(reason)s") % {"reason": exc.message})
        form = _build_form(application, strict=True)
        context = _edit_context(request, application, form, saved=True)
        return render(request, "applications/edit.html", context, status=200)
    messages.success(
        request,
        _("申报已提交至%(unit)s，等待初核推荐。提交后申报表不可修改，如被退回可修改后重新提交。")
        % {"unit": application.unit.name if application.unit else ""},
    )
    return redirect("applications:detail", pk=application.pk)


@autosave_endpoint
def autosave(request, pk: int):
    """Save the draft in the background; what is typed wrongly is kept and named."""
    application = access.get_for(request.user, access.APPLICATION, pk, access.EDIT, hide=True)
    values = raw_values(
        form_class_for(application.category), request.POST, edition=application.edition
    )
    units = unit_choice_groups(application.edition)  # read once for both forms below
    try:
        services.save_draft(
            application=application, actor=request.user, values=values, unit_choices=units
        )
    except services.ApplicationError as exc:
        return refused(exc.message, status=409)
    return saved(
        at=application.updated_at,
        errors=form_errors(_build_form(application, unit_choices=units)),
    )


@login_required
def detail(request, pk: int):
    application = access.get_for(request.user, access.APPLICATION, pk)
    moves = [
        m for m in lifecycle.allowed_moves(application, request.user) if m.name not in SUBMIT_MOVES
    ]
    # The applicant's own (the owner's or a colleague's): who else sees it only reads it.
    applicant = access.may(request.user, access.EDIT, access.APPLICATION)
    return render(
        request,
        "applications/detail.html",
        {
            "application": application,
            "sections": display_sections_for(
                application, reveal=masking.reveals(request.user, application)
            ),
            "materials": selectors.materials_of(application),
            "moves": moves,
            "is_applicant": applicant,
            "can_edit": applicant and selectors.is_editable(application),
            "latest_return": selectors.latest_return(application),
            "team_members": team_members(application),
            "locality": selectors.locality_warning(application),
            "feedback_released": (applicant and feedback_released(application.edition)),
            "progress": (progress.application_progress(application) if applicant else None),
        },
    )


# --- materials --------------------------------------------------------------------------------


@login_required
@require_POST
def upload_material(request, pk: int):
    application = access.get_for(request.user, access.APPLICATION, pk, access.EDIT, hide=True)
    form = MaterialUploadForm(request.POST, request.FILES)
    anchor = "#materials"
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    else:
        kind = form.cleaned_data["kind"]
        anchor = f"#material-{kind.replace('_', '-')}"
        for upload in form.cleaned_data["files"]:
            attempt(
                request,
                services.add_material,
                lambda material: (
                    _("已上传“%(name)s”（%(kind)s）。")
                    % {"name": material.original_name, "kind": material.get_kind_display()}
                ),
                application=application,
                actor=request.user,
                kind=kind,
                upload=upload,
            )
    return redirect(reverse("applications:edit", kwargs={"pk": application.pk}) + anchor)


@login_required
@require_POST
def delete_material(request, pk: int, material_pk: int):
    application = access.get_for(request.user, access.APPLICATION, pk, access.EDIT, hide=True)
    material = get_object_or_404(application.materials, pk=material_pk)
    attempt(
        request,
        services.remove_material,
        _("已删除“%(name)s”。") % {"name": material.original_name},
        application=application,
        actor=request.user,
        material=material,
    )
    return redirect(reverse("applications:edit", kwargs={"pk": application.pk}) + "#materials")


@login_required
def download_material(request, pk: int, material_pk: int):
    application = access.get_for(request.user, access.APPLICATION, pk)
    material = get_object_or_404(application.materials, pk=material_pk)
    return upload_response(material)


# --- documents ----------------------------------------------------------------------------------


def _export(request, pk: int, render_document, *, title: str, content_type: str):
    """The application as a document, with personal details shown as the user may see them."""
    application = access.get_for(request.user, access.APPLICATION, pk)
    return document_response(
        render_document(application, reveal=masking.reveals(request.user, application)),
        filename=f"{application.reference}-{title}",
        content_type=content_type,
    )


@login_required
def export_docx(request, pk: int):
    return _export(request, pk, application_docx, title="申报表.docx", content_type=DOCX)


@login_required
def export_pdf(request, pk: int):
    return _export(request, pk, application_pdf, title="申报材料.pdf", content_type=PDF)


# --- collaborators ----------------------------------------------------------------------------


@login_required
@require_POST
def invite(request, pk: int):
    application = access.get_for(request.user, access.APPLICATION, pk, access.EDIT, hide=True)
    return submit(
        request,
        InvitationForm(request.POST),
        services.invite_collaborator,
        lambda invitation: (
            _("已邀请 %(email)s，邀请邮件已加入发送队列。") % {"email": invitation.email}
        ),
        done=redirect(
            reverse("applications:edit", kwargs={"pk": application.pk}) + "#collaborators"
        ),
        invalid=lambda request, form: messages.error(request, form.errors["email"][0]),
        application=application,
        inviter=request.user,
    )


@require_http_methods(["GET", "POST"])
def accept_invitation(request, token: str):
    """The invitee may arrive without an account: the page offers to sign in or register."""
    invitation = (
        Invitation.objects.select_related("application", "invited_by").filter(token=token).first()
    )
    if invitation is None:
        raise Http404
    if request.method == "POST" and not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if request.method == "POST":
        application = attempt(
            request,
            services.accept_invitation,
            lambda joined: _("您已加入申报 %(ref)s。") % {"ref": joined.reference},
            token=token,
            user=request.user,
        )
        if application is not None:
            return redirect("applications:edit", pk=application.pk)
    email_problem = None  # said before the button is pressed; after, the refusal says it
    if request.method == "GET" and request.user.is_authenticated:
        email_problem = services.invitee_email_problem(invitation=invitation, user=request.user)
    return render(
        request,
        "applications/invitation.html",
        {"invitation": invitation, "email_problem": email_problem},
    )
