from django.core.management.base import BaseCommand, CommandError

from applications.models import Edition
from applications.readmodel import check_application_rows, rebuild_application_rows


class Command(BaseCommand):
    help = (
        "Compare the lists' read model (ApplicationRow) with the live records, or rewrite it "
        "(--rebuild) after applications were inserted without the services."
    )

    def add_arguments(self, parser):
        parser.add_argument("--edition", type=int, help="The edition's number (default: all).")
        parser.add_argument("--rebuild", action="store_true", help="Rewrite the rows first.")

    def handle(self, *args, edition=None, rebuild=False, **options):
        chosen = None
        if edition is not None:
            chosen = Edition.objects.filter(number=edition).first()
            if chosen is None:
                raise CommandError(f"No edition number {edition}.")
        if rebuild:
            written = rebuild_application_rows(chosen)
            self.stdout.write(f"Rewrote {written} rows.")
        differences = check_application_rows(chosen)
        for line in differences:
            self.stderr.write(line)
        if differences:
            raise CommandError(f"{len(differences)} differences from the live records.")
        self.stdout.write(self.style.SUCCESS("The read model equals the live records."))
