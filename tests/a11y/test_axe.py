"""axe-core (WCAG 2.0/2.1, levels A and AA) on every page type of the demo's world, in Chromium.

The results are printed per page type; a serious or critical violation anywhere fails the test
with the rule, the page and the elements."""

import json

import pytest

from tests.a11y.conftest import duplicate_ids, run_axe
from tests.a11y.pages import page_types

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    # The demo editions are dated back from today: a day of a year the calendar knows.
    pytest.mark.now("2026-12-04 10:30"),
]

BLOCKING = {"serious", "critical"}


def _line(name: str, url: str, violations: list[dict]) -> str:
    counts = {
        impact: sum(len(v["nodes"]) for v in violations if v["impact"] == impact)
        for impact in ("critical", "serious", "moderate", "minor")
    }
    rules = ", ".join(sorted({v["id"] for v in violations})) or "—"
    figures = " ".join(f"{impact} {n}" for impact, n in counts.items())
    return f"  {name:<28} {figures}  [{rules}]  {url}"


def test_every_page_type_passes_axe_without_serious_or_critical_violations(
    demo_world, as_user, artifacts_dir, capsys
):
    results, doubled = {}, {}
    for page_type in page_types():
        tab = as_user(page_type.user, edition=page_type.edition)
        response = tab.goto(page_type.url)
        assert response.status == 200, (page_type.name, page_type.url, response.status)
        tab.wait_for_load_state("networkidle")
        results[page_type.name] = (page_type.url, run_axe(tab))
        doubled[page_type.name] = duplicate_ids(tab)
        tab.context.close()

    # The login page after a wrong password: the error as the page shows it.
    tab = as_user()
    tab.goto("/accounts/login/")
    tab.get_by_label("用户名").fill("office")
    tab.get_by_label("密码").fill("not-the-password")
    tab.get_by_role("button", name="登录").click()
    tab.wait_for_load_state("networkidle")
    # The error is announced by screen readers, not only shown.
    assert "用户名或密码不正确" in tab.get_by_role("alert").first.inner_text()
    results["公众 · 登录（密码错误）"] = ("/accounts/login/", run_axe(tab))

    lines = ["axe-core (wcag2a, wcag2aa, wcag21a, wcag21aa), elements per impact:"]
    lines += [_line(name, url, violations) for name, (url, violations) in results.items()]
    with capsys.disabled():
        print("\n" + "\n".join(lines))
    report = artifacts_dir / "a11y"
    report.mkdir(exist_ok=True)
    (report / "axe.json").write_text(json.dumps(results, ensure_ascii=False, indent=1))

    blocking = [
        f"{name} ({url}): {v['id']} [{v['impact']}] {v['help']}: "
        + "; ".join(node["target"] for node in v["nodes"][:8])
        for name, (url, violations) in results.items()
        for v in violations
        if v["impact"] in BLOCKING
    ]
    assert not blocking, "\n".join(blocking)
    assert not {name: ids for name, ids in doubled.items() if ids}
