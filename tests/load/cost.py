"""What each page of the load test's mix costs the machine, one request at a time.

python -m tests.load.cost [--runs 20]

Run with the load test's environment (DATABASE_URL, REDIS_URL, DEBUG=false, LOAD_ACCOUNTS …)
on a database `./portal load` has seeded. Each page is asked for --runs times in a row by one
simulated person of its kind through Django's test client in this process, so no request waits
for another: the CPU time this process spends on it (time.process_time) and the CPU time of its
PostgreSQL backend (from /proc) are what the request costs, whoever else uses the machine.
Wall time is printed too but says little on a busy machine.

The weighted mean over the mix (the locustfile's user and task weights) is the CPU a request
costs gunicorn and PostgreSQL on average; locust's own share comes on top.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import time
from pathlib import Path

import django

# (kind, user weight, [(name, task weight)]) as in tests/load/locustfile.py
MIX = [
    (
        "applicant",
        40,
        [
            ("/applications/", 3),
            ("/applications/[id]/edit/", 3),
            ("/applications/[id]/autosave/ (POST)", 4),
            ("/applications/[id]/", 1),
        ],
    ),
    (
        "officer",
        15,
        [
            ("/applications/unit/", 4),
            ("/applications/unit/?filters", 1),
            ("/applications/unit/[id]/", 3),
        ],
    ),
    (
        "expert",
        15,
        [
            ("/review/", 3),
            ("/review/assignments/[id]/", 3),
            ("/review/assignments/[id]/autosave/ (POST)", 2),
        ],
    ),
    ("public", 30, [("/", 1), ("/publicity/", 3), ("/publicity/[id]/", 3)]),
]


def _backend_cpu(pid: int) -> float:
    """CPU seconds (user + system) the PostgreSQL backend `pid` has used, if it is local."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _clients(accounts: dict):
    from django.test import Client
    from django_otp.oath import totp

    password = accounts["password"]

    def signed_in(username: str) -> Client:
        client = Client(raise_request_exception=True)
        client.get("/accounts/login/")
        response = client.post(
            "/accounts/login/",
            {"username": username, "password": password},
        )
        assert response.status_code == 302, f"{username} could not sign in"
        return client

    applicant = accounts["applicants"][0]
    officer = accounts["officers"][0]
    expert = accounts["experts"][0]
    expert_client = signed_in(expert["username"])
    code = f"{totp(bytes.fromhex(expert['totp_key'])):06d}"
    expert_client.post("/accounts/two-factor/verify/", {"code": code})
    return {
        "applicant": (signed_in(applicant["username"]), applicant),
        "officer": (signed_in(officer["username"]), officer),
        "expert": (expert_client, expert),
        "public": (Client(raise_request_exception=True), accounts),
    }


def _request(client, account: dict, name: str):
    if name == "/applications/[id]/autosave/ (POST)":
        form = dict(account["form"])
        form["honours"] = f"2022年 四川省质量标杆（第{random.randint(1, 999)}次修改）"
        return client.post(
            f"/applications/{account['application']}/autosave/",
            form,
            headers={"X-Requested-With": "fetch"},
        )
    if name == "/review/assignments/[id]/autosave/ (POST)":
        pk = random.choice(account["assignments"])
        return client.post(
            f"/review/assignments/{pk}/autosave/",
            {"overall_comment": f"材料翔实，过程方法系统（{random.randint(1, 999)}）。"},
        )
    url = {
        "/applications/[id]/edit/": lambda: f"/applications/{account.get('application')}/edit/",
        "/applications/[id]/": lambda: f"/applications/{account.get('application')}/",
        "/applications/unit/?filters": lambda: "/applications/unit/?status=submitted&q=压测",
        "/applications/unit/[id]/": lambda: (
            f"/applications/unit/{random.choice(account['applications'])}/"
        ),
        "/review/assignments/[id]/": lambda: (
            f"/review/assignments/{random.choice(account['assignments'])}/"
        ),
        "/publicity/[id]/": lambda: f"/publicity/{random.choice(account['windows'])}/",
    }.get(name, lambda: name)()
    return client.get(url)


def measure(runs: int) -> list[dict]:
    from django.db import connection

    accounts = json.loads(Path(os.environ["LOAD_ACCOUNTS"]).read_text(encoding="utf-8"))
    clients = _clients(accounts)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        backend = cursor.fetchone()[0]
    rows = []
    for kind, user_weight, tasks in MIX:
        client, account = clients[kind]
        share = user_weight / sum(w for _, w in tasks)
        for name, task_weight in tasks:
            for _ in range(3):  # warm the caches, as a running server has them
                _request(client, account, name)
            cpu, db, wall = [], [], []
            for _ in range(runs):
                c0, d0, w0 = time.process_time(), _backend_cpu(backend), time.perf_counter()
                response = _request(client, account, name)
                c1, d1, w1 = time.process_time(), _backend_cpu(backend), time.perf_counter()
                assert response.status_code == 200, (name, response.status_code)
                cpu.append(c1 - c0)
                db.append(d1 - d0)
                wall.append(w1 - w0)
            rows.append(
                {
                    "page": name,
                    "weight": share * task_weight,
                    "cpu_ms": 1000 * statistics.mean(cpu),
                    "db_ms": 1000 * statistics.mean(db),
                    "wall_ms": 1000 * statistics.median(wall),
                }
            )
    return rows


def report(rows: list[dict]) -> str:
    lines = [
        "| page | share of requests | Django CPU (ms) | PostgreSQL CPU (ms) | wall median (ms) |",
        "|---|---:|---:|---:|---:|",
    ]
    total = sum(r["weight"] for r in rows)
    for r in rows:
        lines.append(
            f"| `{r['page']}` | {100 * r['weight'] / total:.1f} % | {r['cpu_ms']:.1f} "
            f"| {r['db_ms']:.1f} | {r['wall_ms']:.1f} |"
        )
    cpu = sum(r["weight"] * r["cpu_ms"] for r in rows) / total
    db = sum(r["weight"] * r["db_ms"] for r in rows) / total
    lines.append(f"| **weighted mean** | | **{cpu:.1f}** | **{db:.1f}** | |")
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "award_portal.settings")
    django.setup()
    print(report(measure(args.runs)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
