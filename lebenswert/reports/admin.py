from django.contrib import admin

from .models import ReportJob


@admin.register(ReportJob)
class ReportJobAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "status", "progress", "requested_by", "created_at"]
    list_filter = ["kind", "status", "variant"]
    search_fields = ["title"]
    readonly_fields = [
        "kind", "params", "variant", "title", "requested_by", "status", "progress",
        "error", "content_key", "file", "attempts", "heartbeat_at", "created_at",
        "queued_at", "started_at", "finished_at",
    ]  # fmt: skip
