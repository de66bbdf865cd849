"""Documents get a visibility; every existing document becomes partners-only.

Until now every reader of a cooperation (the whole Kreis) could download its
documents, draft contracts included. The field's default fills the existing rows,
so no document is more visible after the migration than its partners intend.
"""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('cooperations', '0007_fact_ratings_and_checklist_items'),
    ]

    operations = [
        migrations.AddField(
            model_name='cooperationdocument',
            name='visibility',
            field=models.CharField(choices=[('partners', 'nur Beschäftigte der Partnergemeinden'), ('readers', 'alle, die die Kooperation sehen dürfen')], default='partners', max_length=10, verbose_name='Sichtbar für'),
        ),
    ]
