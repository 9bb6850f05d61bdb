from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from applications import word_templates


class Command(BaseCommand):
    help = "Build the shipped Word templates (award_portal/documents/word_templates/) from code."

    def add_arguments(self, parser):
        parser.add_argument(
            "--check", action="store_true", help="Only say whether the shipped files are current."
        )

    def handle(self, *args, check: bool = False, **options):
        with translation.override("zh-hans"):
            if check:
                stale = word_templates.stale()
                if stale:
                    raise CommandError("Out of date: " + ", ".join(stale))
                self.stdout.write("The shipped Word templates are current.")
                return
            for kind in word_templates.write_all():
                self.stdout.write(f"built {kind}")
