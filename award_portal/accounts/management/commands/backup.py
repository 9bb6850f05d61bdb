"""python manage.py backup [--output FILE]: the database and every uploaded file in one archive."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from award_portal.backup import BackupError, create_backup


class Command(BaseCommand):
    help = (
        "Write the database (dumpdata with natural keys) and every file under MEDIA_ROOT into "
        "one .tar.gz archive with a manifest of row counts and SHA-256 checksums."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            "-o",
            help="archive to write (default: VAR_DIR/backups/award-backup-<time>.tar.gz)",
        )

    def handle(self, *args, output=None, **options):
        if output:
            destination = Path(output)
        else:
            stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
            destination = settings.VAR_DIR / "backups" / f"award-backup-{stamp}.tar.gz"
        try:
            manifest = create_backup(destination=destination)
        except (BackupError, OSError) as exc:
            raise CommandError(str(exc)) from exc
        if options["verbosity"] >= 1:
            self.stdout.write(
                self.style.SUCCESS(
                    f"{destination}: {manifest['row_total']} rows, {len(manifest['files'])} files, "
                    f"portal {manifest['portal_version']}"
                )
            )
