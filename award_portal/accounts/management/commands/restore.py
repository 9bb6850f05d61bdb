"""python manage.py restore ARCHIVE [--force]: an installation back from a `backup` archive."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from award_portal.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = (
        "Check every checksum of a backup archive, migrate, then load its data and files into "
        "this installation. Refuses an installation that already has data unless --force."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", help="a .tar.gz written by `manage.py backup`")
        parser.add_argument(
            "--force",
            action="store_true",
            help="erase this installation's data and uploaded files before restoring",
        )

    def handle(self, *args, archive, force=False, **options):
        path = Path(archive)
        if not path.is_file():
            raise CommandError(f"{path} does not exist")
        try:
            report = restore_backup(path=path, force=force)
        except (BackupError, OSError) as exc:
            raise CommandError(str(exc)) from exc
        if options["verbosity"] >= 1:
            rows = sum(report.rows.values())
            self.stdout.write(
                self.style.SUCCESS(f"restored {rows} rows and {report.files} files from {path}")
            )
