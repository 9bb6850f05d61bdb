"""`manage.py backup` and `restore`: the database and every uploaded file, checked by SHA-256."""

import hashlib
import io
import json
import shutil
import tarfile
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django_otp.plugins.otp_totp.models import TOTPDevice

from applications.models import Application, Material
from award_portal import backup
from award_portal.accounts.models import AuthEvent, Role, User
from tests.factories import (
    PASSWORD,
    ApplicationFactory,
    MaterialFactory,
    UnitOfficerFactory,
    UserFactory,
)
from tests.security.helpers import enrol

PDF = b"%PDF-1.4\n% \xe8\xb4\xa8\xe9\x87\x8f\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def _installation(settings):
    """Users of several roles, an application with an uploaded material, an audit record."""
    office = UserFactory(username="office", role=Role.CITY_OFFICE)
    device = enrol(office)
    officer = UnitOfficerFactory(username="dongqu")
    application = ApplicationFactory(owner=UserFactory(username="company"), unit=officer.unit)
    MaterialFactory(
        application=application,
        original_name="自我评价报告.pdf",
        content=PDF,
        sha256=hashlib.sha256(PDF).hexdigest(),
    )
    (Path(settings.MEDIA_ROOT) / "publicity").mkdir(parents=True, exist_ok=True)
    (Path(settings.MEDIA_ROOT) / "publicity" / "公示通知.pdf").write_bytes(PDF + b"notice")
    AuthEvent.objects.create(kind=AuthEvent.Kind.LOGIN, user=office, username="office")
    return device


def _media_hashes(settings) -> dict[str, str]:
    root = Path(settings.MEDIA_ROOT)
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in root.rglob("*")
        if p.is_file()
    }


def _row_counts() -> dict[str, int]:
    return {label: model.objects.count() for label, model in backup._backed_up_models()}


def _empty_the_installation(settings):
    call_command("flush", interactive=False, verbosity=0)
    shutil.rmtree(settings.MEDIA_ROOT)


@pytest.mark.django_db(transaction=True)
def test_backup_then_restore_into_an_empty_installation_gives_back_rows_and_files(
    settings, tmp_path
):
    device = _installation(settings)
    rows_before, files_before = _row_counts(), _media_hashes(settings)
    archive = tmp_path / "award.tar.gz"
    call_command("backup", output=str(archive), verbosity=0)
    _empty_the_installation(settings)
    assert (User.objects.count(), _media_hashes(settings)) == (0, {})

    call_command("restore", str(archive), verbosity=0)

    assert _row_counts() == rows_before
    assert _media_hashes(settings) == files_before
    office = User.objects.get(username="office")
    assert office.check_password(PASSWORD) and office.role == Role.CITY_OFFICE
    assert TOTPDevice.objects.get(user=office).key == device.key
    application = Application.objects.get(owner__username="company")
    assert application.unit.officers.get().username == "dongqu"
    assert application.materials.get().file.read() == PDF


@pytest.mark.django_db(transaction=True)
def test_backup_manifest_counts_rows_and_checksums_every_file(settings, tmp_path):
    _installation(settings)
    archive = tmp_path / "award.tar.gz"

    call_command("backup", output=str(archive), verbosity=0)

    with tarfile.open(archive) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))
        names = set(tar.getnames())
    assert manifest["rows"]["accounts.user"] == User.objects.count()
    assert manifest["rows"]["otp_totp.totpdevice"] == 1
    assert "contenttypes.contenttype" not in manifest["rows"]
    assert "sessions.session" not in manifest["rows"]
    assert {f["path"]: f["sha256"] for f in manifest["files"]} == _media_hashes(settings)
    assert manifest["portal_version"] == backup.portal_version() != "unknown"
    assert manifest["created_at"]
    assert names == {"manifest.json", "data.json"} | {
        f"media/{path}" for path in _media_hashes(settings)
    }
    assert archive.stat().st_mode & 0o077 == 0  # readable by its owner only


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_an_installation_that_has_data(settings, tmp_path):
    _installation(settings)
    archive = tmp_path / "award.tar.gz"
    call_command("backup", output=str(archive), verbosity=0)
    UserFactory(username="newcomer")

    with pytest.raises(CommandError, match="already has data"):
        call_command("restore", str(archive), verbosity=0)

    assert User.objects.filter(username="newcomer").exists()


@pytest.mark.django_db(transaction=True)
def test_restore_with_force_replaces_the_installation(settings, tmp_path):
    _installation(settings)
    rows_before, files_before = _row_counts(), _media_hashes(settings)
    archive = tmp_path / "award.tar.gz"
    call_command("backup", output=str(archive), verbosity=0)
    UserFactory(username="newcomer")
    (Path(settings.MEDIA_ROOT) / "stray.txt").write_text("later upload")

    call_command("restore", str(archive), force=True, verbosity=0)

    assert not User.objects.filter(username="newcomer").exists()
    assert (_row_counts(), _media_hashes(settings)) == (rows_before, files_before)


def _rewrite(archive: Path, target: Path, *, replace: dict[str, bytes]) -> None:
    with tarfile.open(archive) as src, tarfile.open(target, "w:gz") as dst:
        for member in src.getmembers():
            data = replace.get(member.name, src.extractfile(member).read())
            member.size = len(data)
            dst.addfile(member, io.BytesIO(data))


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_a_tampered_file_before_changing_anything(settings, tmp_path):
    _installation(settings)
    archive, tampered = tmp_path / "award.tar.gz", tmp_path / "tampered.tar.gz"
    call_command("backup", output=str(archive), verbosity=0)
    material = Material.objects.get()
    _rewrite(archive, tampered, replace={f"media/{material.file.name}": b"%PDF-forged"})
    _empty_the_installation(settings)

    with pytest.raises(CommandError, match="does not match its SHA-256"):
        call_command("restore", str(tampered), verbosity=0)

    assert (User.objects.count(), _media_hashes(settings)) == (0, {})


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_paths_that_leave_media_root(settings, tmp_path):
    _installation(settings)
    archive, evil = tmp_path / "award.tar.gz", tmp_path / "evil.tar.gz"
    call_command("backup", output=str(archive), verbosity=0)
    with tarfile.open(archive) as src:
        manifest = json.load(src.extractfile("manifest.json"))
    manifest["files"].append({"path": "../escape.txt", "size": 1, "sha256": "0" * 64})
    _rewrite(archive, evil, replace={"manifest.json": json.dumps(manifest).encode()})
    _empty_the_installation(settings)

    with pytest.raises(CommandError, match="missing from the archive"):
        call_command("restore", str(evil), verbosity=0)

    assert not (tmp_path / "escape.txt").exists()
    assert User.objects.count() == 0


@pytest.mark.parametrize("content", [b"", b"not a tar file", b"\x1f\x8b\x08broken gzip"])
def test_restore_of_something_that_is_not_a_backup_fails_clearly(tmp_path, content, db):
    path = tmp_path / "backup.tar.gz"
    path.write_bytes(content)

    with pytest.raises(CommandError, match="not a readable backup archive"):
        call_command("restore", str(path), verbosity=0)


def test_restore_of_a_missing_file_fails_clearly(tmp_path):
    with pytest.raises(CommandError, match="does not exist"):
        call_command("restore", str(tmp_path / "nope.tar.gz"), verbosity=0)
