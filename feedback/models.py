"""Tables and enums."""
import enum
from datetime import datetime, timezone

from flask_login import UserMixin
from sqlalchemy import JSON, Boolean, DateTime, Enum, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from . import vietnamese
from .extensions import db

DEFAULT_MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
DEFAULT_MAX_ATTACHMENTS = 1
DEFAULT_ATTACHMENT_TYPES = ["image/jpeg", "image/png", "image/webp", "image/gif", "image/heic", "application/pdf"]
DEFAULT_NOTICE = (
    "Tòa soạn biên tập bình luận của bạn đọc trước khi đăng. Chúng tôi hoan nghênh những ý kiến "
    "khách quan, mang tính xây dựng và có quyền không đăng những ý kiến cực đoan, không phù hợp. "
    "Vui lòng gõ tiếng Việt có dấu. File đính kèm không quá 10 MB."
)


def utcnow() -> datetime:
    """Naive UTC: SQLite drops time zones, so every stored time is UTC by convention."""
    return datetime.now(timezone.utc).replace(tzinfo=None)


def _enum(cls: type[enum.Enum], name: str) -> Enum:
    return Enum(cls, name=name, native_enum=False, length=16, values_callable=lambda e: [m.value for m in e])


class Role(str, enum.Enum):
    EDITOR = "editor"
    ADMIN = "admin"


class CommentStatus(str, enum.Enum):
    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"
    SPAM = "spam"


class WordListKind(str, enum.Enum):
    BANNED = "banned"
    WATCHED = "watched"


class MatchLevel(str, enum.Enum):
    """How much of a word's marks a match must agree on (see feedback/abuse/matching.py)."""

    EXACT = "exact"
    TONE = "tone"
    SKELETON = "skeleton"


class BlockKind(str, enum.Enum):
    EMAIL = "email"
    NAME = "name"
    IP = "ip"


class AuditAction(str, enum.Enum):
    APPROVE = "approve"
    EDIT_APPROVE = "edit_approve"
    REJECT = "reject"
    SPAM = "spam"
    # An approved comment taken down and returned to the queue.
    UNPUBLISH = "unpublish"
    # A rejected or spam comment returned to the queue.
    REOPEN = "reopen"


def search_key(text: str) -> str:
    """Diacritic- and case-free form of a text with single spaces, for "viet nam" to find "Việt Nam"."""
    return " ".join(vietnamese.fold(text).split())


class Article(db.Model):
    __tablename__ = "articles"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(120), unique=True)
    title: Mapped[str] = mapped_column(String(300))
    lead: Mapped[str] = mapped_column(Text, default="")
    body_html: Mapped[str] = mapped_column(Text, default="")
    image_url: Mapped[str | None] = mapped_column(String(500))
    image_caption: Mapped[str | None] = mapped_column(String(500))
    author: Mapped[str] = mapped_column(String(120), default="")
    published_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    view_count: Mapped[int] = mapped_column(Integer, default=0)
    # Moves with every change to what readers see under the article (feedback/thread_versions.py); rendered
    # threads are cached under it, so a decision makes every server's copy stale at once.
    thread_version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    # The article's comment rules.
    comments_open: Mapped[bool] = mapped_column(Boolean, default=True)
    require_diacritics: Mapped[bool] = mapped_column(Boolean, default=True)
    max_attachment_bytes: Mapped[int] = mapped_column(Integer, default=DEFAULT_MAX_ATTACHMENT_BYTES)
    max_attachments: Mapped[int] = mapped_column(Integer, default=DEFAULT_MAX_ATTACHMENTS, server_default="1")
    allowed_attachment_types: Mapped[list[str]] = mapped_column(JSON, default=lambda: list(DEFAULT_ATTACHMENT_TYPES))
    notice: Mapped[str | None] = mapped_column(Text)

    comments: Mapped[list["Comment"]] = relationship(back_populates="article", lazy="raise_on_sql")

    @property
    def notice_text(self) -> str:
        return self.notice or DEFAULT_NOTICE


class Comment(db.Model):
    __tablename__ = "comments"
    __table_args__ = (
        Index("ix_comments_status_created", "status", "created_at", "id"),
        Index("ix_comments_status_decided", "status", "decided_at", "id"),
        Index("ix_comments_article_status_created", "article_id", "status", "created_at"),
        Index("ix_comments_fingerprint_created", "fingerprint", "created_at"),
        Index("ix_comments_ip_created", "ip_address", "created_at"),
        Index("ix_comments_author_key_created", "author_key", "created_at"),
        Index("ix_comments_email_key_created", "email_key", "created_at"),
        # Trigram indexes make LIKE '%...%' on the folded keys fast; SQLite scans the same columns.
        Index("ix_comments_search_key_trgm", "search_key", postgresql_using="gin",
              postgresql_ops={"search_key": "gin_trgm_ops"}).ddl_if(dialect="postgresql"),
        Index("ix_comments_author_key_trgm", "author_key", postgresql_using="gin",
              postgresql_ops={"author_key": "gin_trgm_ops"}).ddl_if(dialect="postgresql"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"))
    author_name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(254))
    # Exactly what the reader submitted, before any normalization; never changed.
    original_text: Mapped[str] = mapped_column(Text)
    # The current text (normalized; edited by editors) and its sanitized HTML.
    text: Mapped[str] = mapped_column(Text)
    html: Mapped[str] = mapped_column(Text)
    status: Mapped[CommentStatus] = mapped_column(_enum(CommentStatus, "comment_status"), default=CommentStatus.PENDING)
    version: Mapped[int] = mapped_column(Integer, nullable=False)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    decided_at: Mapped[datetime | None] = mapped_column(DateTime)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("editors.id", ondelete="SET NULL"))
    reject_reason: Mapped[str | None] = mapped_column(Text)
    reject_reason_code: Mapped[str | None] = mapped_column(String(32))
    # Kept only for abuse control and cleared after IP_RETENTION_DAYS (flask purge-ip).
    ip_address: Mapped[str | None] = mapped_column(String(45))
    # SHA-256 of the submitted text folded for comparison, to find the same text sent again.
    fingerprint: Mapped[str | None] = mapped_column(String(64))
    # Kept in step with text / author by the validators below; the queue's search and author filter read them.
    search_key: Mapped[str] = mapped_column(Text)
    # Folded "name email": one author's comments share it (history counts) and the author filter searches it.
    author_key: Mapped[str] = mapped_column(String(400))
    # The e-mail in lower case, so "the same sender" is an indexed lookup on every submission.
    email_key: Mapped[str | None] = mapped_column(String(254))

    article: Mapped[Article] = relationship(back_populates="comments", lazy="raise_on_sql")
    decided_by: Mapped["Editor | None"] = relationship(lazy="raise_on_sql")
    attachments: Mapped[list["Attachment"]] = relationship(
        back_populates="comment", lazy="raise_on_sql", cascade="all, delete-orphan", order_by="Attachment.id"
    )
    flags: Mapped[list["CommentFlag"]] = relationship(
        back_populates="comment", lazy="raise_on_sql", cascade="all, delete-orphan", order_by="CommentFlag.id"
    )

    # SQLAlchemy adds "AND version = :old" to every UPDATE, so a concurrent decision cannot be overwritten.
    __mapper_args__ = {"version_id_col": version}

    @validates("text")
    def _keep_search_key(self, key: str, value: str) -> str:
        self.search_key = search_key(value)
        return value

    @validates("author_name", "email")
    def _keep_author_key(self, key: str, value: str | None) -> str | None:
        name = value if key == "author_name" else self.author_name
        email = value if key == "email" else self.email
        self.author_key = search_key(f"{name or ''} {email or ''}")[:400]
        if key == "email":
            self.email_key = value.lower() if value else None
        return value

    @property
    def is_edited(self) -> bool:
        return self.text != self.original_text


class Attachment(db.Model):
    __tablename__ = "attachments"

    id: Mapped[int] = mapped_column(primary_key=True)
    comment_id: Mapped[int] = mapped_column(ForeignKey("comments.id", ondelete="CASCADE"), index=True)
    storage_key: Mapped[str] = mapped_column(String(200), unique=True)
    # A small JPEG for the moderation queue; images only.
    thumbnail_key: Mapped[str | None] = mapped_column(String(200), unique=True)
    original_name: Mapped[str] = mapped_column(String(255))
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    published: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    comment: Mapped[Comment] = relationship(back_populates="attachments", lazy="raise_on_sql")

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")


class CommentFlag(db.Model):
    """Why a comment deserves an editor's closer look, or why it went to Spam."""

    __tablename__ = "comment_flags"
    __table_args__ = (Index("ix_comment_flags_code_comment", "code", "comment_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    comment_id: Mapped[int] = mapped_column(ForeignKey("comments.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(String(32))
    detail: Mapped[str | None] = mapped_column(String(200))

    comment: Mapped[Comment] = relationship(back_populates="flags", lazy="raise_on_sql")


class WordListEntry(db.Model):
    __tablename__ = "word_list_entries"
    __table_args__ = (UniqueConstraint("kind", "word", name="uq_word_list_entries_kind_word"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[WordListKind] = mapped_column(_enum(WordListKind, "word_list_kind"))
    # A word or phrase as the admin wrote it (NFC, lower case, single spaces).
    word: Mapped[str] = mapped_column(String(100))
    level: Mapped[MatchLevel] = mapped_column(_enum(MatchLevel, "match_level"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class BlockedSender(db.Model):
    __tablename__ = "blocked_senders"
    __table_args__ = (UniqueConstraint("kind", "value", name="uq_blocked_senders_kind_value"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[BlockKind] = mapped_column(_enum(BlockKind, "block_kind"))
    # An e-mail address or @domain, a name, or an IP address or network in CIDR form.
    value: Mapped[str] = mapped_column(String(254))
    note: Mapped[str] = mapped_column(String(200), default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("editors.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class Editor(UserMixin, db.Model):
    __tablename__ = "editors"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(120), default="")
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[Role] = mapped_column(_enum(Role, "editor_role"), default=Role.EDITOR)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # Read by servers older than revision 0006 only (sessions are rows in editor_sessions since, and lock-outs
    # rows in login_throttles); columns are removed in two steps, so a later revision drops these three.
    session_token: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    locked_until: Mapped[datetime | None] = mapped_column(DateTime)

    # The token of the log-in session this request runs in (set at log-in or when the cookie is loaded); not stored.
    login_token = None

    def get_id(self) -> str:
        return f"{self.id}:{self.login_token}"

    @property
    def is_active(self) -> bool:
        return self.active

    @property
    def is_admin(self) -> bool:
        return self.role == Role.ADMIN

    @property
    def display_name(self) -> str:
        return self.name or self.email


class EditorSession(db.Model):
    """One log-in: the cookie names it, log-out deletes it, and it ends a fixed time after log-in however used."""

    __tablename__ = "editor_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    editor_id: Mapped[int] = mapped_column(ForeignKey("editors.id", ondelete="CASCADE"), index=True)
    # Only the SHA-256 of the token in the cookie, so a copy of the database opens no session.
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(DateTime)


class LoginThrottle(db.Model):
    """Wrong passwords for one e-mail (an account or not) from one address; at the limit that pair is locked."""

    __tablename__ = "login_throttles"
    __table_args__ = (UniqueConstraint("email", "address", name="uq_login_throttles_email_address"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254))
    address: Mapped[str] = mapped_column(String(64))
    failures: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(DateTime)
    last_failure_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)


class ApiToken(db.Model):
    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    editor_id: Mapped[int] = mapped_column(ForeignKey("editors.id", ondelete="CASCADE"), index=True)
    # Only the SHA-256 of the token is stored; the token itself is shown once.
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column(DateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime)

    editor: Mapped[Editor] = relationship(lazy="joined")


class AuditEntry(db.Model):
    __tablename__ = "audit_entries"
    __table_args__ = (Index("ix_audit_entries_created", "created_at", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    comment_id: Mapped[int] = mapped_column(ForeignKey("comments.id", ondelete="CASCADE"), index=True)
    editor_id: Mapped[int | None] = mapped_column(ForeignKey("editors.id", ondelete="SET NULL"), index=True)
    action: Mapped[AuditAction] = mapped_column(_enum(AuditAction, "audit_action"))
    from_status: Mapped[CommentStatus] = mapped_column(_enum(CommentStatus, "comment_status"))
    to_status: Mapped[CommentStatus] = mapped_column(_enum(CommentStatus, "comment_status"))
    reason: Mapped[str | None] = mapped_column(Text)
    reason_code: Mapped[str | None] = mapped_column(String(32))
    text_before: Mapped[str] = mapped_column(Text)
    text_after: Mapped[str] = mapped_column(Text)
    # The comment's version after this decision.
    version: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    editor: Mapped[Editor | None] = relationship(lazy="raise_on_sql")
    comment: Mapped[Comment] = relationship(lazy="raise_on_sql")


class RejectReason(db.Model):
    """A reason editors pick when rejecting; admins maintain the list, retired ones stay for old decisions."""

    __tablename__ = "reject_reasons"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    label: Mapped[str] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    # The reason only makes sense with a note from the editor (e.g. "other").
    note_required: Mapped[bool] = mapped_column(Boolean, default=False)


class ListVersion(db.Model):
    """A version per admin-kept list (word lists, blocklist, reject reasons) that moves with every edit of it,
    so each server rebuilds what it derived from the list once per change."""

    __tablename__ = "list_versions"

    name: Mapped[str] = mapped_column(String(32), primary_key=True)
    version: Mapped[int] = mapped_column(Integer, default=1)
