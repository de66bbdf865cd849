from pathlib import Path

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.core.management.base import BaseCommand, CommandError

from lebenswert.reports import actions
from lebenswert.reports.models import ReportJob
from lebenswert.reports.registry import REPORT_KINDS, kind_get, params_clean


class Command(BaseCommand):
    help = (
        "Render a report synchronously, through the same code as the worker: "
        "render_report gemeinde 06636003 -o steckbrief.pdf; render_report "
        "kooperation 12 -o dossier.pdf; render_report region 06636 -o region.pdf; "
        "render_report region gebiet=066 -o bezirk.pdf (a Regierungsbezirk; 06: a "
        "Land)."
    )

    def add_arguments(self, parser):
        parser.add_argument("kind", help=f"one of: {', '.join(sorted(REPORT_KINDS))}")
        parser.add_argument(
            "args", nargs="*", help="the kind's parameters in order, or NAME=VALUE"
        )
        parser.add_argument("-o", "--output", type=Path, required=True)
        parser.add_argument(
            "--archive", action="store_true", help="PDF/A-3b instead of PDF/UA-1"
        )
        parser.add_argument(
            "--html", type=Path, help="also write the final HTML to this file"
        )
        parser.add_argument(
            "--language",
            choices=[code for code, _name in settings.LANGUAGES],
            default=settings.LANGUAGE_CODE,
            help="language of the report (default: German)",
        )

    def handle(
        self, *args, kind, output: Path, archive: bool, html, language, **options
    ):
        try:
            report_kind = kind_get(kind)
            # NAME=VALUE names any parameter (e.g. gebiet=066 for the region kind).
            named = dict(arg.split("=", 1) for arg in args if "=" in arg)
            plain = [arg for arg in args if "=" not in arg]
            if not named and len(plain) != len(report_kind.params):
                raise ValidationError(
                    f"„{kind}“ braucht {len(report_kind.params)} Angabe(n): "
                    f"{' '.join(report_kind.params)}."
                )
            params = params_clean(
                report_kind,
                {**dict(zip(report_kind.params, plain, strict=False)), **named},
            )
            variant = (
                ReportJob.Variant.ARCHIVE if archive else ReportJob.Variant.ACCESSIBLE
            )
            built = actions.report_build(
                report_kind, params, variant=variant, language=language
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        except ObjectDoesNotExist as error:
            raise CommandError(str(error)) from None
        output.write_bytes(built.pdf)
        if html:
            html.write_text(built.html)
        self.stdout.write(
            self.style.SUCCESS(f"{output}: {len(built.pdf):,} Bytes ({variant}).")
        )
