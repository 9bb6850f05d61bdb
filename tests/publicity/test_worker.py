"""A window's whole life with a real Celery worker: publish, an objection, the beat job closes
it, and the next step is taken once."""

from datetime import date

import pytest
from django.urls import reverse

from publicity import tasks
from publicity.models import Objection, PublicityWindow, WindowEvent
from publicity.objections import services as objections
from tests.celery_worker import wait_for
from tests.publicity.factories import (
    AcceptedApplicationFactory,
    CityOfficeFactory,
    published_acceptance_window,
)


def _close_runs(worker) -> list[str]:
    """What each finished close_ended_windows run returned, from the worker's log."""
    return [
        line.rsplit(":", 1)[1].strip()
        for line in worker.log_path.read_text().splitlines()
        if "publicity.tasks.close_ended_windows[" in line and "succeeded" in line
    ]


@pytest.mark.celery_worker
def test_window_lifecycle_with_a_real_worker_fires_next_step_once(client, celery_worker_process):
    office = CityOfficeFactory()
    application = AcceptedApplicationFactory(applicant_name="盐边县钒钛新材料有限公司")
    window = published_acceptance_window(
        [application], actor=office, title="第三届攀枝花市政府质量奖受理名单公示"
    )
    entry = window.entries.get()
    filed = client.post(
        reverse("publicity:objection_create", kwargs={"pk": window.pk}),
        {
            "entry": entry.pk,
            "filer_name": "赵六",
            "filer_identity": "510411199001011234",
            "phone": "13698765432",
            "reasons": "该企业存在未披露的行政处罚记录。",
            "pledge": "on",
        },
    )
    assert filed.status_code == 302
    objection = Objection.objects.get()
    objections.decide_objection(
        objection=objection, actor=office, upheld=False, finding="经核实，处罚已撤销，不影响申报。"
    )
    # The five working days pass.
    PublicityWindow.objects.filter(pk=window.pk).update(
        start_date=date(2023, 2, 15), end_date=date(2023, 2, 21)
    )

    tasks.close_ended_windows.delay()
    tasks.close_ended_windows.delay()
    fired = wait_for(
        lambda: WindowEvent.objects.filter(
            window=window, kind=WindowEvent.Kind.OUTCOME_FIRED
        ).exists()
    )
    # Both runs must be done before counting: the second one comes after the first.
    wait_for(lambda: len(_close_runs(celery_worker_process)) == 2)

    assert fired, celery_worker_process.log_path.read_text()
    assert sorted(_close_runs(celery_worker_process)) == ["0", "1"]  # the second did nothing
    window.refresh_from_db()
    assert window.status == PublicityWindow.Status.CLOSED
    assert list(window.events.order_by("id").values_list("kind", flat=True)) == [
        "published",
        "closed",
        "outcome_fired",
    ]
