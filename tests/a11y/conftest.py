"""The demo's world in a real Chromium, signed in as any of its people, for the accessibility
checks: `seed_demo` (the 3rd edition archived, the 4th in 初核推荐, the five demo editions at the
later stages), then a browser tab per person with their session cookie."""

from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client

from applications.editions.working import SESSION_KEY as WORKING_EDITION

AXE_SOURCE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"


@pytest.fixture
def demo_world(transactional_db, capsys):
    call_command("seed_demo")
    capsys.readouterr()


@pytest.fixture
def as_user(browser, live_server):
    """`as_user(username, edition=None, width=1280)`: a tab signed in as a demo person (second
    factor passed), looking at `edition` as its working edition when given."""
    from award_portal.accounts.models import User

    contexts = []

    def open_tab(username=None, *, edition=None, width=1280, height=900):
        context = browser.new_context(
            base_url=live_server.url,
            locale="zh-CN",
            viewport={"width": width, "height": height},
            bypass_csp=True,  # axe-core is injected as a script of its own
        )
        contexts.append(context)
        if username:
            client = Client()
            client.force_login(User.objects.get(username=username))
            if edition is not None:
                session = client.session
                session[WORKING_EDITION] = edition.pk
                session.save()
            context.add_cookies(
                [
                    {
                        "name": "sessionid",
                        "value": client.cookies["sessionid"].value,
                        "url": live_server.url,
                    }
                ]
            )
        tab = context.new_page()
        tab.set_default_timeout(15_000)
        return tab

    yield open_tab
    for context in contexts:
        context.close()


def run_axe(page) -> list[dict]:
    """axe-core's WCAG 2.0/2.1 A and AA rules on the page as it stands: the violations, each
    with its rule, impact, help text and the elements it found."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(content=AXE_SOURCE.read_text())
    return page.evaluate(
        """async () => {
            const result = await axe.run(document, {
                runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
            });
            return result.violations.map((v) => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.map(
                    (n) => ({target: n.target.join(" "), summary: n.failureSummary})
                ),
            }));
        }"""
    )


def duplicate_ids(page) -> list[str]:
    """Element ids the page uses more than once (a label then names only the first)."""
    return page.evaluate(
        """() => {
            const seen = {};
            document.querySelectorAll("[id]").forEach(
                (e) => { seen[e.id] = (seen[e.id] || 0) + 1; }
            );
            return Object.keys(seen).filter((id) => seen[id] > 1);
        }"""
    )
