"""The load test: 200 people using the portal at once (run by `./portal load`).

Applicants open their dashboard and draft and autosave it; unit officers go through their
queue; experts (who sign in with a TOTP code, as staff must) open their dashboard and score
sheets; the public reads the publicity pages. Each simulated person has an account of their own,
made by tests/load/seed.py and listed in the file named by LOAD_ACCOUNTS.

Only ever pointed at 127.0.0.1.
"""

from __future__ import annotations

import itertools
import json
import os
import random
from pathlib import Path
from urllib.parse import urlparse

from django_otp.oath import totp
from locust import FastHttpUser, between, events, task

ACCOUNTS = json.loads(Path(os.environ.get("LOAD_ACCOUNTS", "var/load/accounts.json")).read_text())
PASSWORD = ACCOUNTS["password"]
_pools = {role: itertools.cycle(ACCOUNTS[role]) for role in ("applicants", "officers", "experts")}


# Signing in is a deliberate 1,000,000-round PBKDF2 hash (and a TOTP check for experts): timed,
# but apart from the pages people wait on once signed in.
SIGN_IN = {
    "/accounts/login/",
    "/accounts/login/ (POST)",
    "/accounts/two-factor/verify/ (POST)",
}
PUBLIC_PAGES = {"/", "/publicity/", "/publicity/[id]/"}
SUMMARY = Path(os.environ.get("LOAD_SUMMARY", "var/load/locust_groups.json"))
# Kept over the whole run, whether or not locust resets its statistics once every user has
# arrived (`--reset-stats`, as ./portal load runs it): signing in, which happens while users
# arrive, and the errors of every request.
_whole_run: dict = {}


@events.init.add_listener
def _keep_whole_run(environment, **kwargs):
    from locust.stats import StatsEntry

    _whole_run["sign_in"] = StatsEntry(environment.stats, "signing in", "")
    _whole_run["errors"] = StatsEntry(environment.stats, "every request", "")


@events.request.add_listener
def _log_whole_run(name, response_time, response_length, exception=None, **kwargs):
    if not _whole_run:
        return
    for key in ("errors", "sign_in") if name in SIGN_IN else ("errors",):
        entry = _whole_run[key]
        entry.log(response_time, response_length or 0)
        if exception is not None:
            entry.log_error(exception)


@events.test_stop.add_listener
def _summaries(environment, **kwargs):
    """Response times over groups of pages, each from every request of the group (locust's
    CSV has them per page only): the signed-in pages and every page, both without signing in;
    signing in and the errors over the whole run."""
    from locust.stats import StatsEntry

    groups = {
        "signed_in": StatsEntry(environment.stats, "signed-in pages", ""),
        "all": StatsEntry(environment.stats, "all pages", ""),
        **_whole_run,
    }
    for (name, _method), entry in environment.stats.entries.items():
        if name in SIGN_IN:
            continue
        groups["all"].extend(entry)
        if name not in PUBLIC_PAGES:
            groups["signed_in"].extend(entry)
    SUMMARY.parent.mkdir(parents=True, exist_ok=True)
    SUMMARY.write_text(
        json.dumps(
            {
                key: {
                    "requests": entry.num_requests,
                    "failures": entry.num_failures,
                    "median": entry.get_response_time_percentile(0.5),
                    "p95": entry.get_response_time_percentile(0.95),
                    "p99": entry.get_response_time_percentile(0.99),
                }
                for key, entry in groups.items()
            }
        )
    )


@events.test_start.add_listener
def _only_local(environment, **kwargs):
    host = urlparse(environment.host or "").hostname
    if host != "127.0.0.1":
        raise SystemExit(f"the load test runs only against 127.0.0.1, not {host!r}")


class PortalUser(FastHttpUser):
    """locust's geventhttpclient user: a fraction of the CPU per request of HttpUser's
    requests, which matters when locust shares two cores with gunicorn and PostgreSQL.

    Its responses carry the URL asked for, not the one redirected to: every request here is
    made without following redirects, and a redirect to the accounts pages is the failure.
    """

    abstract = True
    wait_time = between(1, 3)
    account_pool: str | None = None  # the seeded accounts this kind of user signs in with

    def on_start(self):
        if self.account_pool:
            self.account = next(_pools[self.account_pool])
            self.sign_in(self.account["username"])

    def csrf(self) -> str:
        for cookie in self.client.cookiejar:
            if cookie.name == "csrftoken":
                return cookie.value or ""
        return ""

    def sign_in(self, username: str) -> None:
        self.client.get("/accounts/login/", name="/accounts/login/")
        with self.client.post(
            "/accounts/login/",
            {"username": username, "password": PASSWORD, "csrfmiddlewaretoken": self.csrf()},
            name="/accounts/login/ (POST)",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 302 or "/accounts/login/" in _location(response):
                response.failure(f"{username} could not sign in")

    def page(self, url: str, name: str) -> None:
        with self.client.get(
            url, name=name, allow_redirects=False, catch_response=True
        ) as response:
            # an error status is a failure already (locust's own check)
            if 300 <= response.status_code < 400:
                response.failure(f"sent to {_location(response)} instead of {url}")

    def autosave_form(self, url: str, name: str, form: dict, headers: dict | None = None) -> None:
        """Posts `form` to an autosave endpoint the way the page's script does; an answer
        that did not save is a failure."""
        with self.client.post(
            url,
            {**form, "csrfmiddlewaretoken": self.csrf()},
            headers={"X-CSRFToken": self.csrf(), **(headers or {})},
            name=name,
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 200 or not response.json().get("saved"):
                response.failure("autosave answered without saving")


def _location(response) -> str:
    """Where a redirect sends the browser (empty for any other answer)."""
    return (response.headers or {}).get("Location", "") if 300 <= response.status_code < 400 else ""


class Applicant(PortalUser):
    weight = 40  # % of the users
    account_pool = "applicants"

    def on_start(self):
        super().on_start()
        self.pk = self.account["application"]

    @task(3)
    def dashboard(self):
        self.page("/applications/", "/applications/")

    @task(3)
    def draft(self):
        self.page(f"/applications/{self.pk}/edit/", "/applications/[id]/edit/")

    @task(4)
    def autosave(self):
        form = dict(self.account["form"])
        form["honours"] = f"2022年 四川省质量标杆（第{random.randint(1, 999)}次修改）"
        self.autosave_form(
            f"/applications/{self.pk}/autosave/",
            "/applications/[id]/autosave/",
            form,
            headers={"X-Requested-With": "fetch"},
        )

    @task(1)
    def detail(self):
        self.page(f"/applications/{self.pk}/", "/applications/[id]/")


class UnitOfficer(PortalUser):
    weight = 15  # % of the users
    account_pool = "officers"

    @task(4)
    def queue(self):
        self.page("/applications/unit/", "/applications/unit/")

    @task(1)
    def filtered_queue(self):
        self.page("/applications/unit/?status=submitted&q=压测", "/applications/unit/?filters")

    @task(3)
    def review(self):
        pk = random.choice(self.account["applications"])
        self.page(f"/applications/unit/{pk}/", "/applications/unit/[id]/")


class Expert(PortalUser):
    weight = 15  # % of the users
    account_pool = "experts"

    def on_start(self):
        super().on_start()
        with self.client.post(
            "/accounts/two-factor/verify/",
            # the code of this very moment, after the password step however long it took
            {
                "code": f"{totp(bytes.fromhex(self.account['totp_key'])):06d}",
                "csrfmiddlewaretoken": self.csrf(),
            },
            name="/accounts/two-factor/verify/ (POST)",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 302 or "/two-factor/" in _location(response):
                response.failure("the TOTP code was not accepted")

    @task(3)
    def dashboard(self):
        self.page("/review/", "/review/")

    @task(3)
    def sheet(self):
        pk = random.choice(self.account["assignments"])
        self.page(f"/review/assignments/{pk}/", "/review/assignments/[id]/")

    @task(2)
    def autosave(self):
        pk = random.choice(self.account["assignments"])
        self.autosave_form(
            f"/review/assignments/{pk}/autosave/",
            "/review/assignments/[id]/autosave/",
            {"overall_comment": f"材料翔实，过程方法系统（{random.randint(1, 999)}）。"},
        )


class Public(PortalUser):
    weight = 30  # % of the users

    @task(1)
    def home(self):
        self.page("/", "/")

    @task(3)
    def publicity(self):
        self.page("/publicity/", "/publicity/")

    @task(3)
    def window(self):
        pk = random.choice(ACCOUNTS["windows"])
        self.page(f"/publicity/{pk}/", "/publicity/[id]/")
