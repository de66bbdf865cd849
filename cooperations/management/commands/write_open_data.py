from django.core.management.base import BaseCommand

from cooperations import actions


class Command(BaseCommand):
    help = (
        "Write the open-data files of the public register and the reference data "
        "(CSV and JSON with licence and attribution) now, as the nightly job does; "
        "they are served at /register/daten/."
    )

    def handle(self, *args, **options):
        for name in actions.open_data_write():
            self.stdout.write(name)
