from django.contrib import admin

from award_portal.accounts.admin import (
    HistoryAdmin,
    ReadOnlyAdmin,
    ReadOnlyHistoryAdmin,
    ReadOnlyInlineMixin,
)
from publicity import calendar
from publicity.models import (
    CalendarOverride,
    DeadlineReminder,
    HolidaySchedule,
    Objection,
    ObjectionEvidence,
    PublicityEntry,
    PublicityWindow,
    WindowEvent,
)


@admin.register(HolidaySchedule)
class HolidayScheduleAdmin(ReadOnlyHistoryAdmin):
    """Entered by the city office on the "节假日安排" page; here they are read."""

    list_display = ("year", "source", "entered_by", "entered_at")
    list_select_related = ("entered_by",)


@admin.register(CalendarOverride)
class CalendarOverrideAdmin(HistoryAdmin):
    """Single days of the holiday schedule. A year is entered from the State Council notice
    on the "节假日安排" page; here single days are corrected."""

    list_display = ("day", "kind", "name", "source", "schedule")
    list_filter = ("kind",)
    list_select_related = ("schedule",)
    readonly_fields = ("schedule",)
    search_fields = ("name", "source")
    date_hierarchy = "day"

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        calendar.invalidate()

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        calendar.invalidate()

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        calendar.invalidate()


class EntryInline(ReadOnlyInlineMixin, admin.TabularInline):
    model = PublicityEntry
    fields = ("position", "display_name", "category_name", "unit_name", "objection_upheld")


@admin.register(PublicityWindow)
class PublicityWindowAdmin(ReadOnlyHistoryAdmin):
    """Windows are made and published on the city office's pages; here they are read."""

    list_display = ("title", "edition", "kind", "status", "start_date", "end_date")
    list_filter = ("edition", "kind", "status")
    list_select_related = ("edition",)
    search_fields = ("title", "document_number")
    inlines = [EntryInline]


@admin.register(PublicityEntry)
class PublicityEntryAdmin(ReadOnlyAdmin):
    list_display = ("window", "position", "display_name", "category_name", "unit_name")
    list_select_related = ("window",)
    search_fields = ("display_name",)


@admin.register(WindowEvent)
class WindowEventAdmin(ReadOnlyAdmin):
    list_display = ("at", "window", "kind", "actor", "note")
    list_filter = ("kind",)
    list_select_related = ("window", "actor")


class EvidenceInline(ReadOnlyInlineMixin, admin.TabularInline):
    model = ObjectionEvidence
    fields = ("original_name", "content_type", "size", "sha256", "uploaded_at")


@admin.register(Objection)
class ObjectionAdmin(ReadOnlyHistoryAdmin):
    """Objections are decided on the city office's pages, through the service."""

    list_display = ("reference", "window", "entry", "status", "filed_at")
    list_filter = ("status", "window")
    list_select_related = ("window", "entry")
    search_fields = ("reference", "filer_name", "phone", "email")
    inlines = [EvidenceInline]


@admin.register(ObjectionEvidence)
class ObjectionEvidenceAdmin(ReadOnlyAdmin):
    list_display = ("original_name", "objection", "content_type", "size", "uploaded_at")
    list_select_related = ("objection",)


@admin.register(DeadlineReminder)
class DeadlineReminderAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "subject", "deadline", "recipients")
