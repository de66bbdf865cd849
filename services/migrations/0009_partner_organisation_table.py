"""The moved PartnerOrganisation gets this app's table name, and its content type
moves along, so its history (audit.Change), admin log and permissions stay with it."""

from django.db import migrations

OLD, NEW = "cooperations", "services"


def content_type_move(apps, schema_editor, *, source=OLD, target=NEW):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Change = apps.get_model("audit", "Change")
    types = ContentType.objects.using(schema_editor.connection.alias)
    old = types.filter(app_label=source, model="partnerorganisation").first()
    if old is None:
        return  # a fresh database: the content type is created after migrate
    new = types.filter(app_label=target, model="partnerorganisation").first()
    if new is not None:
        # Created meanwhile (a migrate that stopped between the steps): the older
        # one carries the history; what the new one got moves over.
        Change.objects.filter(content_type_id=new.pk).update(content_type_id=old.pk)
        new.delete()
    old.app_label = target
    old.save(update_fields=["app_label"])


def content_type_move_back(apps, schema_editor):
    content_type_move(apps, schema_editor, source=NEW, target=OLD)


class Migration(migrations.Migration):
    dependencies = [
        ("services", "0008_partner_organisation_from_cooperations"),
        ("cooperations", "0010_partner_organisation_to_services"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("audit", "0003_log_references_without_constraints"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [
        migrations.AlterModelTable(name="partnerorganisation", table=None),
        migrations.RunPython(content_type_move, content_type_move_back),
    ]
