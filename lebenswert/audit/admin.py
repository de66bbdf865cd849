from django.contrib import admin
from django.db import router
from django.db.models.deletion import Collector

from lebenswert.core.forms import NUMBER_FORMFIELDS

from .actions import (
    audited_fields_of,
    record_deleted,
    record_saved,
    snapshot,
    stored_snapshot,
)
from .models import Change


class AuditedAdmin(admin.ModelAdmin):
    """Admin edits recorded in the history, with the data versions raised.

    Every create, change and delete of the model and of its inlines goes through
    `record_saved` / `record_deleted` (lebenswert.audit.actions), which write the
    change record; the change record raises the model's `data_scopes()`. Deleting
    also records the rows of models with `audited_fields` deleted with it.
    Decimal fields take German numbers ("2.400.000,50").
    """

    formfield_overrides = NUMBER_FORMFIELDS

    def save_model(self, request, obj, form, change):
        before = stored_snapshot(obj) if change else None
        super().save_model(request, obj, form, change)
        record_saved(instance=obj, before=before, actor=request.user)

    def delete_model(self, request, obj):
        _record_deletion(obj, actor=request.user)
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            _record_deletion(obj, actor=request.user)
        super().delete_queryset(request, queryset)

    def save_formset(self, request, form, formset, change):
        model = formset.model
        fields = audited_fields_of(model)
        stored = model._default_manager.filter(
            pk__in=[f.instance.pk for f in formset.initial_forms if f.instance.pk]
        )
        before = {row.pk: snapshot(row, fields) for row in stored}
        instances = formset.save(commit=False)
        for obj in formset.deleted_objects:
            record_deleted(instance=obj, actor=request.user, before=before.get(obj.pk))
            obj.delete()
        for obj in instances:
            prior = before.get(obj.pk) if obj.pk is not None else None
            obj.save()
            record_saved(instance=obj, before=prior, actor=request.user)
        formset.save_m2m()


def _record_deletion(obj, *, actor) -> None:
    """Record `obj` and the rows of audited models its deletion takes along."""
    collector = Collector(using=router.db_for_write(type(obj)), origin=obj)
    collector.collect([obj])
    # Rows Django deletes with a query of their own are in `fast_deletes`.
    groups = [*collector.data.items(), *((q.model, q) for q in collector.fast_deletes)]
    for model, rows in groups:
        if model is type(obj) or getattr(model, "audited_fields", None) is not None:
            for row in rows:
                record_deleted(instance=row, actor=actor)


class ReadOnlyAdminMixin:
    """Admin mixin (model admin or inline): browse only, never add, change or
    delete. For rows that change through the portal's pages, which keep their
    history, and for the history itself."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """A model admin to browse only (see ReadOnlyAdminMixin)."""


class TabularInline(admin.TabularInline):
    """The project's inline: the stored rows only, without empty extra forms;
    "hinzufügen" adds one."""

    extra = 0


@admin.register(Change)
class ChangeAdmin(ReadOnlyAdmin):
    """The audit log: admins browse and filter it; nobody alters it."""

    list_display = [
        "at",
        "actor_repr",
        "action",
        "content_type",
        "object_repr",
        "municipality_ags",
        "request_id",
    ]
    list_filter = ["action", "content_type", "at"]
    search_fields = [
        "object_repr",
        "actor_repr",
        "request_id",
        "municipality_ags",
    ]
    list_select_related = ["content_type"]
    date_hierarchy = "at"
    show_full_result_count = False
