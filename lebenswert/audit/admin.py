from django.contrib import admin

from .models import Change


@admin.register(Change)
class ChangeAdmin(admin.ModelAdmin):
    """The audit log: admins browse and filter it; nobody alters it."""

    list_display = [
        "at",
        "actor_repr",
        "action",
        "content_type",
        "object_repr",
        "municipality",
        "request_id",
    ]
    list_filter = ["action", "content_type", "at"]
    search_fields = [
        "object_repr",
        "actor_repr",
        "request_id",
        "municipality__short_name",
    ]
    list_select_related = ["content_type", "municipality"]
    date_hierarchy = "at"
    show_full_result_count = False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
