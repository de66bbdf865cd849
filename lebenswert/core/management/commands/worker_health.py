from django.core.management.base import BaseCommand, CommandError

from lebenswert.core.workers import health_check


class Command(BaseCommand):
    help = (
        "Check the Celery workers of this machine (their health files): exit 1 if "
        "none runs, one stopped writing, or its pool is stuck. For a container "
        "health check."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--name", help="only this worker (its node name, e.g. celery@host)"
        )

    def handle(self, *args, name: str | None = None, **options):
        workers = health_check(name)
        if not workers:
            raise CommandError("Kein Worker auf dieser Maschine meldet sich.")
        failing = [worker for worker in workers if worker.problems]
        for worker in workers:
            state = "; ".join(worker.problems) or "ok"
            self.stdout.write(f"{worker.nodename}: {state}")
        if failing:
            raise CommandError(f"{len(failing)} Worker nicht gesund.")
