"""The people of the journey: one browser context each, signing in like a person.

Staff sign in with their password and a code from the authenticator app. The first time, they
read the key the setup page shows (as a person scans the QR code), keep it, and from then on
compute each code from that key with `django_otp.oath.totp`, on the same clock as the server.
"""

from __future__ import annotations

import base64
import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import time_machine
from django.core.cache import cache
from django_otp.oath import totp
from playwright.sync_api import Browser, Page, expect

from tests.factories import PASSWORD

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts" / "journey"
GALLERY = ROOT / "static" / "gallery"
VIEWPORT = {"width": 1280, "height": 800}


@contextmanager
def travelling(moment: datetime) -> Iterator:
    """The clock of the test and of the live server (a thread of this process) from `moment`
    on, ticking; the cache is emptied on the way in and out (rate limits, cached pages)."""
    traveller = time_machine.travel(moment, tick=True)
    coordinates = traveller.start()
    cache.clear()
    try:
        yield coordinates
    finally:
        traveller.stop()
        cache.clear()


@contextmanager
def trip(request, browser, base_url: str, **options) -> Iterator[Journey]:
    """A journey that keeps every tab's last page when the test failed, and closes them."""
    journey = Journey(browser=browser, base_url=base_url, **options)
    try:
        yield journey
    finally:
        report = getattr(request.node, "report_call", None)
        if report is not None and report.failed:
            journey.keep_last_pages()
        journey.close()


@dataclass
class Person:
    username: str
    page: Page
    password: str = PASSWORD
    otp_key: bytes | None = None


@dataclass
class Journey:
    browser: Browser
    base_url: str
    people: dict[str, Person] = field(default_factory=dict)
    shots: int = 0
    gallery: dict[str, str] = field(default_factory=dict)
    gallery_dir: Path = GALLERY

    def __post_init__(self):
        if ARTIFACTS.exists():
            shutil.rmtree(ARTIFACTS)
        ARTIFACTS.mkdir(parents=True)

    # --- people ---------------------------------------------------------------------------

    def tab(self, who: str, username: str = "") -> Page:
        """The browser tab of one person, in a context of their own (own cookies)."""
        if who not in self.people:
            context = self.browser.new_context(
                base_url=self.base_url, locale="zh-CN", viewport=VIEWPORT
            )
            page = context.new_page()
            page.set_default_timeout(15_000)
            page.on("dialog", lambda dialog: dialog.accept())
            self.people[who] = Person(username=username or who, page=page)
        return self.people[who].page

    def login(self, who: str, username: str = "") -> Page:
        """Sign in (again: the server's clock moved past the idle timeout between stages)."""
        page = self.tab(who, username)
        person = self.people[who]
        page.goto("/accounts/login/")
        if "/accounts/login/" not in page.url:  # still signed in
            return page
        page.get_by_label("用户名").fill(person.username)
        page.get_by_label("密码").fill(person.password)
        page.get_by_role("button", name="登录").click()
        page.wait_for_load_state()
        if "/two-factor/setup/" in page.url:
            secret = page.locator("#otp-secret").inner_text()
            person.otp_key = base64.b32decode(re.sub(r"\s", "", secret))
            page.get_by_label("动态验证码").fill(self.code(person))
            page.get_by_role("button", name="确认启用").click()
            expect(page.locator(".alert-success").first).to_contain_text("两步验证已启用")
        elif "/two-factor/verify/" in page.url:
            page.get_by_label("动态验证码").fill(self.code(person))
            page.get_by_role("button", name="验证").click()
        expect(page).not_to_have_url(re.compile(r"/accounts/(login|two-factor)/"))
        return page

    @staticmethod
    def code(person: Person) -> str:
        assert person.otp_key is not None, f"{person.username} has no authenticator yet"
        return f"{totp(person.otp_key, step=30, t0=0, digits=6):06d}"

    def keep_last_pages(self) -> None:
        """After a failure: every tab's last page, to see where each person stood."""
        for who, person in self.people.items():
            try:
                person.page.screenshot(path=str(ARTIFACTS / f"last-{who}.png"), full_page=True)
                (ARTIFACTS / f"last-{who}.html").write_text(person.page.content())
            except Exception:  # a tab that is gone has nothing to show
                continue

    def close(self) -> None:
        for person in self.people.values():
            person.page.context.close()

    # --- screenshots ----------------------------------------------------------------------

    def shot(self, page: Page, name: str, *, gallery: bool = False) -> Path:
        """Keep a screenshot of the page as test-artifacts/journey/NN-name.png."""
        self.shots += 1
        path = ARTIFACTS / f"{self.shots:02d}-{name}.png"
        page.evaluate("window.scrollTo(0, 0)")
        page.screenshot(path=str(path))
        if gallery:
            self.gallery[name] = str(path)
        return path

    def keep_pdf(self, download, name: str, *, gallery: bool = False) -> Path:
        """Keep a downloaded PDF and a picture of its first page, as the person sees it."""
        self.shots += 1
        stem = ARTIFACTS / f"{self.shots:02d}-{name}"
        download.save_as(f"{stem}.pdf")
        subprocess.run(
            ["pdftoppm", "-png", "-r", "60", "-singlefile", f"{stem}.pdf", str(stem)], check=True
        )
        if gallery:
            self.gallery[name] = f"{stem}.png"
        return Path(f"{stem}.png")

    def refresh_gallery(self) -> None:
        """With JOURNEY_GALLERY=1, copy the curated screenshots to static/gallery/ as small
        palette PNGs (the README shows them)."""
        if os.environ.get("JOURNEY_GALLERY") != "1":
            return
        from PIL import Image

        self.gallery_dir.mkdir(parents=True, exist_ok=True)
        for old in self.gallery_dir.glob("*.png"):
            old.unlink()
        for index, (name, source) in enumerate(self.gallery.items(), start=1):
            with Image.open(source) as image:
                small = image.convert("RGB").quantize(colors=128, method=Image.Quantize.MEDIANCUT)
                small.save(self.gallery_dir / f"{index:02d}-{name}.png", optimize=True)
