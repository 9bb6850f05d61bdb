from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import translation

from applications.diagram import markdown

DOC = Path(settings.BASE_DIR) / "applications" / "LIFECYCLE.md"


class Command(BaseCommand):
    help = "Write applications/LIFECYCLE.md from the transition table."

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="Fail if the file is stale.")

    def handle(self, *args, check=False, **options):
        with translation.override("zh-hans"):
            text = markdown()
        if check:
            if not DOC.exists() or DOC.read_text(encoding="utf-8") != text:
                self.stderr.write("LIFECYCLE.md is stale: run manage.py lifecycle_docs")
                raise SystemExit(1)
            return
        DOC.write_text(text, encoding="utf-8")
        self.stdout.write(self.style.SUCCESS(f"Wrote {DOC}"))
