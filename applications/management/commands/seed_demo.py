import time

from django.core.management.base import BaseCommand

from applications.demo import DEMO_PASSWORD, demo_totp_secret, seed_demo, try_first
from applications.reference_data import load_reference_data


class Command(BaseCommand):
    help = (
        "Create one demo user per role, the 3rd edition played to its end, a 4th edition "
        "in progress today and five demo editions stopped at the later stages (idempotent)."
    )

    def handle(self, *args, **options):
        started = time.monotonic()
        load_reference_data()
        result = seed_demo()
        seconds = time.monotonic() - started
        self.stdout.write("")
        self.stdout.write(
            self.style.SUCCESS(f"演示账户 Demo logins (password for all: {DEMO_PASSWORD})")
        )
        for spec, created in result.users:
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
        self.stdout.write(self.style.SUCCESS("先试试 What to try first"))
        for login, who, what in try_first(result):
            self.stdout.write(f"  {login:<11} {who} → {what}")
        self.stdout.write("")
        if result.past_played:
            self.stdout.write("第三届（2022—2023年度）已按2023年的真实日期走完全程并归档。")
        if result.live_created:
            self.stdout.write("第四届（演示）已生成，当前处于“初核推荐”阶段。")
        if result.stages_played:
            self.stdout.write(
                f"另有{len(result.stages_played)}个演示届次，各停在一个后续阶段、今天有事可办："
                + "、".join(result.stages_played)
                + "（市质量强市办和领导小组在“评选进度”页面的“查看届次”中切换）。"
            )
        if not (result.past_played or result.live_created or result.stages_played):
            self.stdout.write("演示数据已存在，未重复生成。")
        for note in result.notes:
            self.stdout.write(self.style.WARNING(f"注意：{note}"))
        self.stdout.write(f"({seconds:.1f} s)")
        self.stdout.write("")
