from django.contrib import admin

from award_portal.accounts.admin import (
    HistoryAdmin,
    ReadOnlyAdmin,
    ReadOnlyHistoryAdmin,
    ReadOnlyInlineMixin,
)
from review.models import (
    AdvancementDecision,
    Assignment,
    AvoidanceRequest,
    Certificate,
    ChecklistResult,
    CommendationNotice,
    CompositeScore,
    Conflict,
    ConflictDeclaration,
    DefenseSlot,
    DeliberationEvent,
    EditionArchive,
    EditionExpert,
    ExpertProfile,
    ExpertProgress,
    ExpertStatistic,
    GovernmentApproval,
    ItemScore,
    LeadershipDecision,
    OnsiteVisit,
    PanelDraw,
    PanelMember,
    Proposal,
    ProposedList,
    ReviewRound,
    ReviewSettings,
    Revocation,
    RoundResult,
    RoundTotal,
    Rubric,
    RubricItem,
    ScoreSheet,
    SheetComment,
    SheetEvent,
)


@admin.register(ReviewSettings)
class ReviewSettingsAdmin(HistoryAdmin):
    list_display = ["edition", "panel_size", "experts_per_application", "aggregation"]


@admin.register(ExpertProfile)
class ExpertProfileAdmin(HistoryAdmin):
    list_display = ["name", "employer", "specialty", "title", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name", "employer", "employer_credit_code", "specialty"]
    raw_id_fields = ["user"]


@admin.register(EditionExpert)
class EditionExpertAdmin(admin.ModelAdmin):
    list_display = ["expert", "edition", "is_active", "added_at"]
    list_filter = ["edition", "is_active"]
    raw_id_fields = ["expert", "added_by"]


@admin.register(ConflictDeclaration)
class ConflictDeclarationAdmin(HistoryAdmin):
    list_display = ["expert", "kind", "organization_name", "credit_code", "created_at"]
    list_filter = ["kind"]
    search_fields = ["expert__name", "organization_name", "credit_code"]
    raw_id_fields = ["expert"]


@admin.register(AvoidanceRequest)
class AvoidanceRequestAdmin(HistoryAdmin):
    list_display = ["application", "expert_name", "expert", "created_at"]
    raw_id_fields = ["application", "requested_by", "expert"]

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Conflict)
class ConflictAdmin(ReadOnlyHistoryAdmin):
    """Decisions are taken on the portal's conflict page, where they are reasoned and recorded."""

    list_display = ["expert", "application", "source", "kind", "decision", "decided_at"]
    list_filter = ["source", "decision", "kind"]
    search_fields = ["expert__name", "application__reference", "application__applicant_name"]


class RubricItemInline(admin.TabularInline):
    model = RubricItem
    extra = 0

    def has_add_permission(self, request, obj=None):
        return obj is None or obj.is_editable

    def has_change_permission(self, request, obj=None):
        return obj is None or obj.is_editable

    def has_delete_permission(self, request, obj=None):
        return obj is None or obj.is_editable


@admin.register(RubricItem)
class RubricItemAdmin(ReadOnlyAdmin):
    """Read here; items are edited with their rubric, and only while it is a draft."""

    list_display = ["rubric", "code", "category", "name", "points", "kind"]
    list_filter = ["rubric"]
    search_fields = ["code", "name"]


@admin.register(Rubric)
class RubricAdmin(HistoryAdmin):
    """A published rubric is frozen; a change is a new version (import on the rubric page)."""

    list_display = ["name", "code", "version", "applies_to", "status", "published_at"]
    list_filter = ["applies_to", "status"]
    inlines = [RubricItemInline]

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and not obj.is_editable:
            return [f.name for f in obj._meta.fields]
        return ["status", "published_at"]

    def has_delete_permission(self, request, obj=None):
        return obj is None or (obj.is_editable and not obj.sheets.exists())


@admin.register(ReviewRound)
class ReviewRoundAdmin(HistoryAdmin):
    list_display = ["edition", "stage", "status", "due_date", "opened_at", "closed_at"]
    list_filter = ["edition", "stage", "status"]

    def has_add_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in ReviewRound._meta.fields if f.name != "due_date"]


@admin.register(Assignment)
class AssignmentAdmin(ReadOnlyHistoryAdmin):
    list_display = ["round", "expert", "application", "source", "is_active", "attested_at"]
    list_filter = ["round", "is_active", "source"]
    search_fields = ["expert__name", "application__reference"]


class ItemScoreInline(ReadOnlyInlineMixin, admin.TabularInline):
    model = ItemScore
    readonly_fields = ["item", "score"]


class SheetCommentInline(ReadOnlyInlineMixin, admin.StackedInline):
    model = SheetComment
    readonly_fields = ["category", "strengths", "opportunities"]


@admin.register(ScoreSheet)
class ScoreSheetAdmin(ReadOnlyHistoryAdmin):
    list_display = ["assignment", "rubric", "status", "total", "submitted_at"]
    list_filter = ["status", "assignment__round"]
    inlines = [ItemScoreInline, SheetCommentInline]


class ChecklistResultInline(admin.TabularInline):
    model = ChecklistResult
    extra = 0


@admin.register(OnsiteVisit)
class OnsiteVisitAdmin(HistoryAdmin):
    list_display = ["application", "round", "visit_date", "place"]
    inlines = [ChecklistResultInline]
    raw_id_fields = ["application", "recorded_by"]


@admin.register(ChecklistResult)
class ChecklistResultAdmin(admin.ModelAdmin):
    list_display = ["visit", "item", "verdict"]


@admin.register(DefenseSlot)
class DefenseSlotAdmin(HistoryAdmin):
    list_display = ["round", "order", "application", "starts_at", "place"]
    raw_id_fields = ["application"]


# --- deliberation and award ------------------------------------------------------------------
# Written by the deliberation services only; the admin reads them (with their history).


class ProposalInline(ReadOnlyInlineMixin, admin.TabularInline):
    model = Proposal
    fields = ["kind", "rank", "application", "composite", "replaces"]
    readonly_fields = fields


@admin.register(ProposedList)
class ProposedListAdmin(ReadOnlyHistoryAdmin):
    list_display = ["edition", "kind", "status", "created_at", "window"]
    list_filter = ["edition", "kind", "status"]
    inlines = [ProposalInline]


@admin.register(Certificate)
class CertificateAdmin(ReadOnlyAdmin):
    list_display = ["number", "holder_name", "award_name", "kind", "issued_on"]
    list_filter = ["kind"]
    search_fields = ["number", "holder_name"]


# Records the services write: (model, list_display, list_filter), listed here, never changed.
READ_ONLY_RECORDS = (
    (PanelDraw, ["round", "seed", "algorithm", "actor", "at"], []),
    (ItemScore, ["sheet", "item", "score"], []),
    (SheetComment, ["sheet", "category"], []),
    (SheetEvent, ["sheet", "action", "actor", "reason", "total", "at"], ["action"]),
    (RoundResult, ["round", "application", "aggregate", "percent", "rank"], ["round"]),
    (RoundTotal, ["round", "application", "sheet_count", "aggregate", "percent"], ["round"]),
    (
        ExpertStatistic,
        ["round", "expert", "rubric", "sheet_count", "total_sum"],
        ["round", "rubric"],
    ),
    (ExpertProgress, ["round", "expert", "assigned", "submitted", "excused"], ["round"]),
    (
        CompositeScore,
        ["edition", "reference", "kind", "composite", "application_status"],
        ["edition", "kind"],
    ),
    (Proposal, ["proposed_list", "kind", "rank", "application", "composite", "replaces"], ["kind"]),
    (
        DeliberationEvent,
        ["at", "edition", "kind", "application", "actor", "note"],
        ["edition", "kind"],
    ),
    (EditionArchive, ["edition", "closed_at", "closed_by"], []),
)
# The same for records that keep their history.
READ_ONLY_HISTORY_RECORDS = (
    (PanelMember, ["round", "expert", "is_leader", "source"], ["round"]),
    (
        AdvancementDecision,
        ["round", "application", "advances", "method", "applied_at"],
        ["round", "advances", "method"],
    ),
    (
        LeadershipDecision,
        ["proposed_list", "outcome", "meeting_date", "document_number", "recorded_by"],
        ["outcome"],
    ),
    (GovernmentApproval, ["edition", "document_number", "approved_on", "recorded_by"], []),
    (CommendationNotice, ["edition", "title", "document_number", "issued_on"], []),
    (Revocation, ["application", "document_number", "decided_on", "recorded_by"], []),
)

for model, list_display, list_filter in READ_ONLY_RECORDS:
    admin.site.register(model, ReadOnlyAdmin, list_display=list_display, list_filter=list_filter)
for model, list_display, list_filter in READ_ONLY_HISTORY_RECORDS:
    admin.site.register(
        model, ReadOnlyHistoryAdmin, list_display=list_display, list_filter=list_filter
    )
