"""Keeping storage and database in step: files without rows, rows without files, and staging left by dead requests."""
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select

from ..extensions import db
from ..models import Attachment
from .storage import Storage, StoredFile


@dataclass(frozen=True)
class MissingFile:
    attachment_id: int
    key: str
    thumbnail: bool


@dataclass
class OrphanReport:
    files_without_rows: list[StoredFile] = field(default_factory=list)
    rows_without_files: list[MissingFile] = field(default_factory=list)
    stale_staged: list[StoredFile] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.files_without_rows) + len(self.rows_without_files) + len(self.stale_staged)


def find_orphans(storage: Storage, *, older_than: datetime) -> OrphanReport:
    """Compare rows and files; files newer than older_than may belong to an upload still in flight."""
    # Rows first: an upload that lands while we list files then shows as a young file, which we skip.
    rows = db.session.execute(select(Attachment.id, Attachment.storage_key, Attachment.thumbnail_key)).all()
    stored = {f.name: f for f in storage.stored()}
    known = {key for _, main, thumb in rows for key in (main, thumb) if key}
    report = OrphanReport()
    report.files_without_rows = [f for name, f in sorted(stored.items()) if name not in known and f.modified < older_than]
    for attachment_id, main, thumb in rows:
        for key, is_thumbnail in ((main, False), (thumb, True)):
            if key and key not in stored:
                report.rows_without_files.append(MissingFile(attachment_id, key, is_thumbnail))
    report.stale_staged = sorted((f for f in storage.staged() if f.modified < older_than), key=lambda f: f.name)
    return report


def remove_orphans(report: OrphanReport, storage: Storage) -> None:
    """Delete what the report found; an attachment whose file is gone goes too. The caller commits."""
    for stored in report.files_without_rows:
        storage.delete(stored.name)
    for staged in report.stale_staged:
        storage.discard(staged.name)
    for missing in report.rows_without_files:
        attachment = db.session.get(Attachment, missing.attachment_id)
        if attachment is None:
            continue
        if missing.thumbnail:
            attachment.thumbnail_key = None  # the editors' queue shows the name instead
        else:
            if attachment.thumbnail_key:
                storage.delete(attachment.thumbnail_key)
            db.session.delete(attachment)
    db.session.flush()
