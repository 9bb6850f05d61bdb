"""Back the whole installation up into one archive, and restore it into an empty one.

The archive (a .tar.gz) holds:

* ``manifest.json``: format, portal version, time, the database vendor, the migrations the data
  was written under, rows per model, and size and SHA-256 of every other member;
* ``data.json``: ``dumpdata --natural-foreign --natural-primary`` of every app, less what a new
  installation makes itself (content types, permissions) or what is only transient (sessions,
  login-lockout counters);
* ``media/…``: every file under MEDIA_ROOT.

It contains password hashes, TOTP secrets and every applicant's materials: it is written
readable by its owner only and must be kept like the database itself.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import tarfile
import tempfile
import zlib
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path, PurePosixPath

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import connection, transaction
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder

FORMAT = 1
MANIFEST = "manifest.json"
DATA = "data.json"
MEDIA_PREFIX = "media/"
EXCLUDED = (
    "contenttypes",
    "auth.permission",
    "sessions",
    "axes.accessattempt",
    "axes.accessattemptexpiration",
)
_CHUNK = 1024 * 1024


class BackupError(Exception):
    """A backup cannot be written or an archive cannot be restored; the message says why."""


@dataclass(frozen=True)
class RestoreReport:
    rows: dict[str, int]
    files: int


def portal_version() -> str:
    try:
        return metadata.version("award-portal")
    except metadata.PackageNotFoundError:
        return "unknown"


def _sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _media_files(media_root: Path) -> list[Path]:
    if not media_root.is_dir():
        return []
    return sorted(p for p in media_root.rglob("*") if p.is_file() and not p.is_symlink())


def _excluded(label: str) -> bool:
    app_label = label.split(".", 1)[0]
    return label in EXCLUDED or app_label in EXCLUDED


def _backed_up_models():
    for model in apps.get_models():
        label = model._meta.label_lower
        if not _excluded(label) and not model._meta.proxy and model._meta.managed:
            yield label, model


def _applied_migrations() -> list[list[str]]:
    recorder = MigrationRecorder(connection)
    return sorted([app, name] for app, name in recorder.applied_migrations())


def create_backup(*, destination: Path) -> dict:
    """Write the archive to `destination` (replaced only once complete); return the manifest."""
    media_root = Path(settings.MEDIA_ROOT)
    destination.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=destination.parent) as work:
        data_path = Path(work) / DATA
        call_command(
            "dumpdata",
            natural_foreign=True,
            natural_primary=True,
            exclude=list(EXCLUDED),
            output=str(data_path),
            verbosity=0,
        )
        with data_path.open(encoding="utf-8") as handle:
            rows = Counter(item["model"] for item in json.load(handle))
        files = []
        for path in _media_files(media_root):
            relative = path.relative_to(media_root).as_posix()
            files.append(
                {"path": relative, "size": path.stat().st_size, "sha256": _sha256_file(path)}
            )
        manifest = {
            "format": FORMAT,
            "portal_version": portal_version(),
            "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "database_vendor": connection.vendor,
            "migrations": _applied_migrations(),
            "rows": dict(sorted(rows.items())),
            "row_total": sum(rows.values()),
            "data": {"size": data_path.stat().st_size, "sha256": _sha256_file(data_path)},
            "files": files,
        }
        partial = Path(work) / "archive.tar.gz"
        with tarfile.open(partial, "w:gz") as archive:
            encoded = json.dumps(manifest, ensure_ascii=False, indent=2).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size, info.mode = len(encoded), 0o600
            archive.addfile(info, io.BytesIO(encoded))
            archive.add(data_path, arcname=DATA)
            for entry in files:
                archive.add(media_root / entry["path"], arcname=MEDIA_PREFIX + entry["path"])
        os.chmod(partial, 0o600)
        os.replace(partial, destination)
    return manifest


# --- restore -------------------------------------------------------------------------------------


def _safe_media_path(name: str) -> str:
    """The path under MEDIA_ROOT of an archive member, refusing anything that could escape it."""
    relative = name[len(MEDIA_PREFIX) :]
    parts = PurePosixPath(relative).parts
    if not relative or relative.startswith("/") or any(p in ("", ".", "..") for p in parts):
        raise BackupError(f"unsafe path in the archive: {name!r}")
    return relative


def _read_manifest(archive: tarfile.TarFile) -> dict:
    try:
        member = archive.getmember(MANIFEST)
        manifest = json.load(archive.extractfile(member))
    except (KeyError, ValueError, TypeError) as exc:
        raise BackupError(f"the archive has no readable {MANIFEST}") from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError("the archive was not written by this portal's backup command")
    return manifest


def _digest(archive: tarfile.TarFile, member: tarfile.TarInfo) -> str:
    digest = hashlib.sha256()
    handle = archive.extractfile(member)
    while chunk := handle.read(_CHUNK):
        digest.update(chunk)
    return digest.hexdigest()


def verify_archive(path: Path) -> dict:
    """Check every member against the manifest before anything is changed; return it."""
    try:
        with tarfile.open(path, "r:gz") as archive:
            return _verify(archive)
    except (OSError, EOFError, zlib.error, tarfile.TarError) as exc:
        raise BackupError(f"{path} is not a readable backup archive: {exc}") from exc


def _verify(archive: tarfile.TarFile) -> dict:
    manifest = _read_manifest(archive)
    try:
        expected = {MEDIA_PREFIX + f["path"]: f["sha256"] for f in manifest["files"]}
        expected[DATA] = manifest["data"]["sha256"]
        manifest["rows"], manifest["migrations"]  # noqa: B018 - present, or the archive is bad
    except (KeyError, TypeError) as exc:
        raise BackupError("the archive's manifest is incomplete") from exc
    seen = set()
    for member in archive.getmembers():
        if member.name == MANIFEST:
            continue
        if not member.isfile():
            raise BackupError(f"unexpected entry in the archive: {member.name!r}")
        if member.name != DATA:
            if not member.name.startswith(MEDIA_PREFIX):
                raise BackupError(f"unexpected entry in the archive: {member.name!r}")
            _safe_media_path(member.name)
        if member.name not in expected:
            raise BackupError(f"{member.name} is in the archive but not in its manifest")
        if _digest(archive, member) != expected[member.name]:
            raise BackupError(f"{member.name} does not match its SHA-256 in the manifest")
        seen.add(member.name)
    missing = sorted(set(expected) - seen)
    if missing:
        raise BackupError(f"missing from the archive: {', '.join(missing[:5])}")
    return manifest


def _unknown_migrations(manifest: dict) -> list[str]:
    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    return [f"{app}.{name}" for app, name in manifest["migrations"] if (app, name) not in known]


def installation_has_data() -> bool:
    media_root = Path(settings.MEDIA_ROOT)
    if _media_files(media_root):
        return True
    return any(model._default_manager.exists() for _, model in _backed_up_models())


def _clear(media_root: Path) -> None:
    call_command("flush", interactive=False, verbosity=0)
    if media_root.is_dir():
        for child in media_root.iterdir():
            if child.is_dir() and not child.is_symlink():
                shutil.rmtree(child)
            else:
                child.unlink()


def _row_counts(labels) -> dict[str, int]:
    return {label: apps.get_model(label)._default_manager.count() for label in labels}


def restore_backup(*, path: Path, force: bool = False) -> RestoreReport:
    """Migrate, load the data and put the files back; the target must be empty unless forced."""
    manifest = verify_archive(path)
    unknown = _unknown_migrations(manifest)
    if unknown:
        raise BackupError(
            "the archive was written by a newer portal (unknown migrations: "
            + ", ".join(unknown[:5])
            + "); install that version first"
        )
    call_command("migrate", interactive=False, verbosity=0)
    media_root = Path(settings.MEDIA_ROOT)
    if installation_has_data():
        if not force:
            raise BackupError(
                "the target installation already has data (database rows or files under "
                "MEDIA_ROOT); restore into an empty one, or pass --force to replace everything"
            )
        _clear(media_root)

    with tempfile.TemporaryDirectory() as work, tarfile.open(path, "r:gz") as archive:
        data_path = Path(work) / DATA
        with data_path.open("wb") as out:
            shutil.copyfileobj(archive.extractfile(DATA), out)
        with transaction.atomic():
            call_command("loaddata", str(data_path), verbosity=0)
            rows = _row_counts(manifest["rows"])
            if rows != manifest["rows"]:
                differ = {
                    k: (manifest["rows"][k], v) for k, v in rows.items() if v != manifest["rows"][k]
                }
                raise BackupError(f"rows restored differ from the manifest: {differ}")
        media_root.mkdir(parents=True, exist_ok=True)
        for entry in manifest["files"]:
            target = media_root / _safe_media_path(MEDIA_PREFIX + entry["path"])
            target.parent.mkdir(parents=True, exist_ok=True)
            with target.open("wb") as out:
                shutil.copyfileobj(archive.extractfile(MEDIA_PREFIX + entry["path"]), out)
            if _sha256_file(target) != entry["sha256"]:
                raise BackupError(f"{entry['path']} was not written back intact")
    return RestoreReport(rows=rows, files=len(manifest["files"]))
