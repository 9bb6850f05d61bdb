"""Nothing but the lifecycle service sets an application's status or an edition's stage."""

import ast
from pathlib import Path

from django.conf import settings

from applications.models import Application, Edition

ROOT = Path(settings.BASE_DIR)
ALLOWED = {
    ROOT / "applications" / "lifecycle.py",
}
PACKAGES = ["applications", "review", "publicity", "award_portal"]
GUARDED = {"status": "Status", "stage": "Stage", "eliminated_stage": "Stage"}


def _uses_enum(node: ast.AST, enum: str) -> bool:
    return any(
        isinstance(n, ast.Attribute) and isinstance(n.value, ast.Name) and n.value.id == enum
        for n in ast.walk(node)
    )


def _imports_from_applications(tree: ast.Module, name: str) -> bool:
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.ImportFrom)
            and node.module == "applications.models"
            and any(alias.name == name for alias in node.names)
        ):
            return True
    return False


WRITERS = {"update", "create", "get_or_create", "update_or_create", "Application", "Edition"}


def _writes(call: ast.Call) -> bool:
    func = call.func
    name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
    return name in WRITERS or name == "setattr"


def offending_writes(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    enums = {f: e for f, e in GUARDED.items() if _imports_from_applications(tree, e)}
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign | ast.AugAssign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                if not isinstance(target, ast.Attribute) or target.attr not in GUARDED:
                    continue
                owner = ast.unparse(target.value).lower()
                enum = enums.get(target.attr)
                if (
                    "application" in owner
                    or "edition" in owner
                    or (enum and node.value is not None and _uses_enum(node.value, enum))
                ):
                    found.append(f"{path}:{node.lineno} assigns {owner}.{target.attr}")
        if isinstance(node, ast.Call) and _writes(node):
            for keyword in node.keywords:
                enum = enums.get(keyword.arg or "")
                if enum and _uses_enum(keyword.value, enum):
                    found.append(f"{path}:{node.lineno} passes {keyword.arg}={enum}.…")
            if (
                isinstance(node.func, ast.Name)
                and node.func.id == "setattr"
                and node.args[1:2]
                and isinstance(node.args[1], ast.Constant)
                and node.args[1].value in GUARDED
            ):
                found.append(f"{path}:{node.lineno} setattr {node.args[1].value}")
    return found


def test_no_code_outside_the_lifecycle_sets_a_status():
    offenders = []
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            if "migrations" in path.parts or path in ALLOWED:
                continue
            offenders += offending_writes(path)

    assert offenders == []


def test_the_scan_catches_a_direct_assignment(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text(
        "from applications.models import Status\n"
        "def f(app):\n"
        "    app.status = Status.AWARDED\n"
        "    application.edition.stage = 'closed'\n"
        "    Application.objects.filter(pk=1).update(status=Status.AWARDED)\n"
        "    Application.objects.filter(status=Status.AWARDED).exclude(status=Status.DRAFT)\n"
    )

    assert len(offending_writes(bad)) == 3


def test_status_and_stage_are_not_editable_in_forms_or_the_admin():
    assert Application._meta.get_field("status").editable is False
    assert Application._meta.get_field("eliminated_stage").editable is False
    assert Edition._meta.get_field("stage").editable is False
