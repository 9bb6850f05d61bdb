from django.contrib import admin
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from applications.lifecycle import MOVES
from applications.models import (
    Application,
    ApplicationEvent,
    Category,
    Edition,
    EditionEvent,
    EmailTemplate,
    Invitation,
    Material,
    Notification,
    RecommendingUnit,
)
from award_portal.accounts.admin import ReadOnlyAdmin


@admin.register(RecommendingUnit)
class RecommendingUnitAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "division_code", "email", "is_active", "order")
    list_filter = ("kind", "is_active")
    list_editable = ("order", "is_active")
    search_fields = ("name",)


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "kind", "order")


@admin.register(Edition)
class EditionAdmin(SimpleHistoryAdmin):
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


@admin.register(Application)
class ApplicationAdmin(SimpleHistoryAdmin):
    list_display = ("reference", "applicant_name", "category", "unit", "status", "submitted_at")
    list_filter = ("edition", "category", "status", "unit")
    list_select_related = ("category", "unit")
    search_fields = ("reference", "applicant_name", "identifier")
    readonly_fields = ("status", "eliminated_stage", "submitted_at", "next_moves")
    raw_id_fields = ("owner", "collaborators")

    @admin.display(description=_("可执行的操作（按流程表）"))
    def next_moves(self, obj):
        """Status changes go through the portal's move buttons, never through this form."""
        moves = [m for m in MOVES if obj.status in m.sources]
        if not moves:
            return "—"
        return format_html_join(
            "",
            "<div>{} → {}（{}）</div>",
            ((m.label, m.get_target_display(), m.roles_label) for m in moves),
        )


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
class EmailTemplateAdmin(SimpleHistoryAdmin):
    list_display = ("key", "subject")


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "recipient", "subject", "state", "attempts", "sent_at")
    list_filter = ("state",)


@admin.register(Material)
class MaterialAdmin(admin.ModelAdmin):
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

    def has_add_permission(self, request):
        return False  # files come in through the checks of applications.materials


@admin.register(Invitation)
class InvitationAdmin(SimpleHistoryAdmin):
    list_display = ("application", "email", "invited_by", "created_at", "expires_at", "accepted_at")
    list_select_related = ("application", "invited_by")
    search_fields = ("application__reference", "email")
    readonly_fields = ("token", "accepted_at", "accepted_by")
    raw_id_fields = ("application", "invited_by")


# --- stages 2 and 3: pre-check and acceptance records ----------------------------------------
# Written through the portal's pages (applications.precheck), which check who may write and
# when; the admin shows them with their history.

from applications.models import (  # noqa: E402
    AcceptanceReview,
    Consultation,
    DeadlineExtension,
    PaperCopyReceipt,
    PrecheckReview,
)


class ReadOnlyHistoryAdmin(SimpleHistoryAdmin, ReadOnlyAdmin):
    pass


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
