from django.core.management.base import BaseCommand

from applications.demo import current_demo_code, demo_totp_secret


class Command(BaseCommand):
    help = "Print the current two-factor code of the demo staff accounts."

    def handle(self, *args, **options):
        self.stdout.write(f"Current code: {current_demo_code()}  (key {demo_totp_secret()})")
