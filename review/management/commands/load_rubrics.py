from django.core.management.base import BaseCommand

from review.rubrics.services import load_rubrics


class Command(BaseCommand):
    help = "Load the shipped rubrics (GB/T 19580-2012, teams, individuals, on-site checklist)."

    def handle(self, *args, **options):
        created = load_rubrics()
        self.stdout.write(self.style.SUCCESS(f"Rubrics loaded (created {created['rubrics']})."))
