from django.core.management.base import BaseCommand

from applications.demo import DEMO_PASSWORD, demo_totp_secret, seed_demo
from applications.reference_data import load_reference_data


class Command(BaseCommand):
    help = "Create one demo user per role and a few applications (idempotent)."

    def handle(self, *args, **options):
        load_reference_data()
        results = seed_demo()
        self.stdout.write("")
        self.stdout.write(
            self.style.SUCCESS(f"演示账户 Demo logins (password for all: {DEMO_PASSWORD})")
        )
        for spec, created in results:
            note = "" if created else " (already there)"
            unit = f" · {spec.unit}" if spec.unit else ""
            self.stdout.write(f"  {spec.username:<11} {spec.full_name}{unit} [{spec.role}]{note}")
        self.stdout.write("")
        self.stdout.write(
            "Staff accounts (office, experts, supervisor, leader, admin) sign in with a second "
            f"factor: add the key {demo_totp_secret()} to an authenticator app, or run "
            "`.venv/bin/python manage.py demo_codes` for the current code."
        )
        self.stdout.write("")
