from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _

from applications import lifecycle
from applications.admin_forms import CorrectionForm, EditionTemplateForm
from applications.intake.forms import display_sections_for
from applications.intake.selectors import materials_of
from applications.lifecycle.table import MOVES
from applications.models import (
    Application,
    ApplicationEvent,
    ApplicationRow,
    Category,
    Edition,
    EditionEvent,
    EditionTemplate,
    EmailTemplate,
    Invitation,
    Material,
    Notification,
    RecommendingUnit,
    Status,
)
from applications.readmodel import refresh_edition_rows
from award_portal import access
from award_portal.accounts.admin import HistoryAdmin, ReadOnlyAdmin, ReadOnlyHistoryAdmin
from award_portal.http import client_ip
from award_portal.workflow.engine import project


@admin.register(RecommendingUnit)
class RecommendingUnitAdmin(admin.ModelAdmin):
    list_display = ("name", "full_name", "kind", "division_code", "email", "is_active", "order")
    list_filter = ("kind", "is_active")
    list_editable = ("order", "is_active")
    search_fields = ("name", "full_name")


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "kind", "order")


class EditionTemplateInline(admin.TabularInline):
    """The edition's own Word templates; a kind without one uses the shipped template."""

    model = EditionTemplate
    form = EditionTemplateForm
    extra = 0
    fields = ("kind", "file", "uploaded_at")
    readonly_fields = ("uploaded_at",)


@admin.register(EditionTemplate)
class EditionTemplateAdmin(admin.ModelAdmin):
    """Every edition's own Word templates in one list; each is also on its edition's page."""

    form = EditionTemplateForm
    list_display = ("edition", "kind", "file", "uploaded_at")
    list_filter = ("edition", "kind")
    fields = ("edition", "kind", "file", "uploaded_at")
    readonly_fields = ("uploaded_at",)


@admin.register(Edition)
class EditionAdmin(HistoryAdmin):
    inlines = (EditionTemplateInline,)
    list_display = (
        "name",
        "period_label",
        "stage",
        "applications_open",
        "is_current",
        "is_draft",
    )
    readonly_fields = ("stage", "published_at", "published_by")
    filter_horizontal = ("categories", "units")

    @transaction.atomic
    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and "recommendation_deadline" in form.changed_data:
            refresh_edition_rows(obj)  # the deadline the lists' rows copy


# The fields of the application's content: editable in the admin while it is a draft only.
CONTENT_FIELDS = (
    "edition",
    "category",
    "unit",
    "reference",
    "applicant_name",
    "identifier",
    "data",
    "publicity_start",
    "publicity_end",
)
# Never edited here: the status and what the moves write (through applications.lifecycle),
# and the readable views of the content.
SHOWN_FIELDS = (
    "status",
    "eliminated_stage",
    "submitted_at",
    "next_moves",
    "trail",
    "answers",
    "material_list",
)


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    """An application's content is the applicant's, its status the lifecycle's.

    The status is never a field of this form; a mistaken move is corrected on the
    "更正状态" page, through the lifecycle's corrections. Once submitted, the answers and
    materials are shown, read-only, as the portal shows them. The trail of moves is the
    history (ApplicationEvent), so there is no django-simple-history here."""

    list_display = ("reference", "applicant_name", "category", "unit", "status", "submitted_at")
    list_filter = ("edition", "category", "status", "unit")
    list_select_related = ("category", "unit")
    search_fields = ("reference", "applicant_name", "identifier")
    raw_id_fields = ("owner", "collaborators")

    @transaction.atomic
    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        project(obj)  # the lists' row copies the draft's name, channel and category

    def get_fieldsets(self, request, obj=None):
        content = ["answers", "material_list"] if obj is not None and obj.pk else []
        if obj is None or obj.status == Status.DRAFT:
            content.append("data")
        return [
            (
                None,
                {
                    "fields": [
                        "reference",
                        "edition",
                        "category",
                        "unit",
                        "applicant_name",
                        "identifier",
                        "owner",
                        "collaborators",
                    ]
                },
            ),
            (
                _("状态"),
                {"fields": ["status", "eliminated_stage", "submitted_at", "next_moves", "trail"]},
            ),
            (_("申报表内容"), {"fields": [*content, "publicity_start", "publicity_end"]}),
        ]

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.status != Status.DRAFT:
            return (*SHOWN_FIELDS, *CONTENT_FIELDS)
        return SHOWN_FIELDS

    def get_urls(self):
        return [
            path(
                "<path:object_id>/correct/",
                self.admin_site.admin_view(self.correct_status_view),
                name="applications_application_correct",
            ),
            *super().get_urls(),
        ]

    # --- read-only views of the record --------------------------------------------------------

    @admin.display(description=_("可执行的操作（按流程表）"))
    def next_moves(self, obj):
        """Status changes go through the portal's move buttons, never through this form."""
        moves = [m for m in MOVES if obj.status in m.sources]
        if not moves:
            return "—"
        return format_html_join(
            "",
            "<div>{} → {}（{}）</div>",
            ((m.label, Status(m.target).label, m.roles_label) for m in moves),
        )

    @admin.display(description=_("状态变更记录"))
    def trail(self, obj):
        if obj.pk is None:
            return "—"
        return render_to_string(
            "admin/applications/application/includes/trail.html",
            {"events": obj.events.order_by("at", "id")},
        )

    @admin.display(description=_("申报表"))
    def answers(self, obj):
        return render_to_string(
            "applications/includes/answer_sections.html",
            {"sections": display_sections_for(obj, reveal=False)},
        )

    @admin.display(description=_("申报材料"))
    def material_list(self, obj):
        return render_to_string(
            "applications/includes/material_table.html",
            {"application": obj, "materials": materials_of(obj)},
        )

    # --- correcting a mistaken move -----------------------------------------------------------

    def correct_status_view(self, request, object_id):
        application = self.get_object(request, unquote(object_id))
        if application is None:
            raise Http404
        if not self.has_change_permission(request, application):
            raise PermissionDenied
        corrections = lifecycle.allowed_corrections(application, request.user)
        form = CorrectionForm(request.POST or None, corrections=corrections)
        if request.method == "POST" and form.is_valid():
            try:
                lifecycle.transition(
                    application=application,
                    to=form.cleaned_data["to"],
                    actor=request.user,
                    reason=form.cleaned_data["reason"],
                    ip=client_ip(request),
                    correction=True,
                )
            except lifecycle.TransitionError as exc:
                form.add_error(None, exc.message)
            else:
                self.message_user(
                    request,
                    _("已更正，申报状态为“%(status)s”，已记入状态变更记录。")
                    % {"status": application.get_status_display()},
                    messages.SUCCESS,
                )
                return redirect("admin:applications_application_change", application.pk)
        context = {
            **self.admin_site.each_context(request),
            "title": _("更正状态"),
            "subtitle": str(application),
            "opts": self.opts,
            "original": application,
            "form": form,
            "latest": application.events.order_by("-at", "-id").first(),
            "is_admin": access.may(request.user, access.MANAGE, access.ADMINISTRATION),
        }
        return TemplateResponse(
            request, "admin/applications/application/correct_status.html", context
        )


@admin.register(ApplicationRow)
class ApplicationRowAdmin(ReadOnlyAdmin):
    """The lists' read model: a copy the portal writes with every move, shown for checking."""

    list_display = ("reference", "applicant_name", "unit_name", "application_status", "updated_at")
    list_filter = ("edition", "application_status")
    search_fields = ("reference", "applicant_name")


@admin.register(ApplicationEvent)
class ApplicationEventAdmin(ReadOnlyAdmin):
    list_display = ("at", "application", "from_status", "to_status", "actor_name", "actor_role")
    list_filter = ("to_status", "actor_role")
    list_select_related = ("application",)
    search_fields = ("application__reference", "actor_name", "reason")


@admin.register(EditionEvent)
class EditionEventAdmin(ReadOnlyAdmin):
    list_display = ("at", "edition", "from_stage", "to_stage", "actor_name")


@admin.register(EmailTemplate)
class EmailTemplateAdmin(HistoryAdmin):
    list_display = ("key", "subject")


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "recipient", "subject", "status", "attempts", "sent_at")
    list_filter = ("status",)


@admin.register(Material)
class MaterialAdmin(ReadOnlyAdmin):
    """Files come in and go through the checks of applications.intake.materials and services, which
    know whether the application may still change; here they are read."""

    list_display = ("application", "kind", "original_name", "size", "uploaded_by", "uploaded_at")
    list_filter = ("kind",)
    list_select_related = ("application", "uploaded_by")
    search_fields = ("application__reference", "original_name", "sha256")
    readonly_fields = (
        "application",
        "kind",
        "file",
        "original_name",
        "content_type",
        "size",
        "sha256",
        "text_length",
        "uploaded_by",
        "uploaded_at",
    )


@admin.register(Invitation)
class InvitationAdmin(HistoryAdmin):
    list_display = ("application", "email", "invited_by", "created_at", "expires_at", "accepted_at")
    list_select_related = ("application", "invited_by")
    search_fields = ("application__reference", "email")
    readonly_fields = ("token", "accepted_at", "accepted_by")
    raw_id_fields = ("application", "invited_by")


# --- stages 2 and 3: pre-check and acceptance records ----------------------------------------
# Written through the portal's pages (applications.precheck.services), which check who may write and
# when; the admin shows them with their history.

from applications.models import (  # noqa: E402
    AcceptanceReview,
    Consultation,
    DeadlineExtension,
    PaperCopyReceipt,
    PrecheckReview,
)


@admin.register(PrecheckReview)
class PrecheckReviewAdmin(ReadOnlyHistoryAdmin):
    list_display = (
        "application",
        "completeness_ok",
        "authenticity_ok",
        "accuracy_ok",
        "legality_ok",
        "checked_by",
        "checked_at",
    )
    list_select_related = ("application", "checked_by")
    search_fields = ("application__reference", "application__applicant_name")


@admin.register(Consultation)
class ConsultationAdmin(ReadOnlyHistoryAdmin):
    list_display = (
        "application",
        "phase",
        "department",
        "consulted_on",
        "has_objection",
        "resolved_at",
    )
    list_filter = ("phase", "has_objection")
    list_select_related = ("application",)
    search_fields = ("application__reference", "department")


@admin.register(PaperCopyReceipt)
class PaperCopyReceiptAdmin(ReadOnlyHistoryAdmin):
    list_display = ("application", "received_on", "copies", "received_by")
    list_select_related = ("application", "received_by")
    search_fields = ("application__reference",)


@admin.register(DeadlineExtension)
class DeadlineExtensionAdmin(ReadOnlyHistoryAdmin):
    list_display = ("edition", "unit", "extended_until", "granted_by", "granted_at")
    list_filter = ("edition",)
    list_select_related = ("edition", "unit", "granted_by")


@admin.register(AcceptanceReview)
class AcceptanceReviewAdmin(ReadOnlyHistoryAdmin):
    list_display = ("application", "qualification_ok", "materials_ok", "checked_by", "checked_at")
    list_select_related = ("application", "checked_by")
    search_fields = ("application__reference", "application__applicant_name")
