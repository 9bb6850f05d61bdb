from django.core.management.base import BaseCommand

from applications.reference_data import load_reference_data


class Command(BaseCommand):
    help = "Load recommending units, categories, editions and email templates from fixtures/."

    def handle(self, *args, **options):
        created = load_reference_data()
        summary = ", ".join(f"{key}: {count}" for key, count in created.items())
        self.stdout.write(self.style.SUCCESS(f"Reference data loaded (created {summary})."))
