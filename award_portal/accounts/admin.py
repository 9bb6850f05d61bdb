from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from award_portal.accounts.models import AuthEvent, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ("username", "full_name", "role", "unit", "email", "is_active")
    list_filter = ("role", "unit", "is_active")
    list_select_related = ("unit",)
    search_fields = ("username", "full_name", "email", "phone", "organization_name")
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        (
            _("平台角色"),
            {
                "fields": (
                    "role",
                    "full_name",
                    "phone",
                    "unit",
                    "organization_name",
                    "applicant_kind",
                    "data_consent_at",
                )
            },
        ),
    )
    add_fieldsets = (
        *BaseUserAdmin.add_fieldsets,
        (_("平台角色"), {"fields": ("role", "full_name", "email", "unit")}),
    )


class ReadOnlyAdmin(admin.ModelAdmin):
    """For audit records: visible to those who may read them, never changed or deleted."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AuthEvent)
class AuthEventAdmin(ReadOnlyAdmin):
    list_display = ("at", "kind", "username", "ip_address")
    list_filter = ("kind",)
    search_fields = ("username", "ip_address")
    date_hierarchy = "at"
