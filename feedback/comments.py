"""Submitting a reader's comment, and the public thread under an article."""
from dataclasses import dataclass

from email_validator import EmailNotValidError, validate_email
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload
from sqlalchemy.orm.attributes import set_committed_value

from . import abuse, vietnamese
from .attachments import AttachmentPolicy, CheckedUpload, Storage, Upload, check_upload, new_key
from .attachments.inspect import DEFAULT_MAX_IMAGE_PIXELS
from .errors import AttachmentRejected, CommentRejected, CommentsClosed, FieldError, NotFound
from .extensions import db
from .models import Article, Attachment, Comment, CommentFlag, CommentStatus, utcnow
from .sanitize import comment_html


@dataclass(frozen=True)
class CommentDraft:
    """What the reader sent, exactly as sent."""

    author_name: str
    email: str
    text: str
    attachments: tuple[Upload, ...] = ()


@dataclass(frozen=True)
class TextLimits:
    max_length: int
    name_max_length: int


def submit_comment(
    article_id: int, draft: CommentDraft, *, limits: TextLimits, storage: Storage, ip: str | None = None,
    max_image_pixels: int = DEFAULT_MAX_IMAGE_PIXELS,
    signals: abuse.BotSignals | None = None, policy: abuse.AbusePolicy | None = None,
) -> Comment:
    """Check the draft against the article's rules and the abuse checks, then store it, attachments and all.

    A comment caught by the abuse checks is stored as spam, not dropped; the caller answers it like any other.
    This commits itself: the rows and the files must land together or not at all.
    """
    article = db.session.get(Article, article_id)
    if article is None:
        raise NotFound("article")
    if not article.comments_open:
        raise CommentsClosed("comments are closed on this article")
    name, email, text = check_text_fields(draft, article, limits)
    verdict = abuse.screen_comment(abuse.Submission(article.id, name, email, text, ip, signals),
                                   policy or abuse.AbusePolicy())
    uploads = _check_attachments(draft.attachments, article, storage, max_image_pixels)
    now = utcnow()
    comment = Comment(
        article_id=article.id,
        author_name=name,
        email=email,
        original_text=draft.text,
        text=text,
        html=comment_html(text),
        status=verdict.status,
        created_at=now,
        # Caught by the abuse checks, it is decided at once; the Spam tab lists by decision time.
        decided_at=now if verdict.status != CommentStatus.PENDING else None,
        ip_address=ip,
        fingerprint=verdict.fingerprint,
        flags=[CommentFlag(code=flag.code, detail=flag.detail) for flag in verdict.flags],
    )
    rows = [_attachment_row(upload) for upload in uploads]
    comment.attachments.extend(rows)
    _save_together(comment, list(zip(rows, uploads)), storage)
    return comment


def check_text_fields(draft: CommentDraft, article: Article, limits: TextLimits) -> tuple[str, str | None, str]:
    """Normalize the reader's fields and collect every broken rule, so the reader fixes all at once."""
    errors: list[FieldError] = []
    name = vietnamese.normalize(draft.author_name).replace("\n", " ")
    if not name:
        errors.append(FieldError("author_name", "required", "Vui lòng nhập họ tên của bạn."))
    elif len(name) > limits.name_max_length:
        errors.append(FieldError("author_name", "too_long", f"Họ tên không được dài quá {limits.name_max_length} ký tự."))
    email = _check_email(draft.email, errors)
    text = vietnamese.normalize(draft.text)
    if not text:
        errors.append(FieldError("body", "required", "Vui lòng nhập nội dung bình luận."))
    elif len(text) > limits.max_length:
        errors.append(FieldError(
            "body", "too_long",
            f"Bình luận dài {len(text):,} ký tự, vượt giới hạn {limits.max_length:,} ký tự. Vui lòng rút gọn.".replace(",", "."),
        ))
    elif article.require_diacritics:
        _check_diacritics(text, errors)
    if errors:
        raise CommentRejected(errors)
    return name, email, text


def _check_email(raw: str, errors: list[FieldError]) -> str | None:
    raw = (raw or "").strip()
    if not raw:
        return None
    try:
        return validate_email(raw, check_deliverability=False).normalized
    except EmailNotValidError:
        errors.append(FieldError(
            "email", "invalid_email", "Địa chỉ email không hợp lệ. Vui lòng kiểm tra lại, ví dụ: ten@example.com."
        ))
        return None


def _check_diacritics(text: str, errors: list[FieldError]) -> None:
    verdict = vietnamese.check_diacritics(text)
    if verdict.code is None:
        return
    details = {"toneless_words": list(verdict.toneless_words)}
    if verdict.suggestion:
        details["suggestion"] = verdict.suggestion
    errors.append(FieldError("body", verdict.code, vietnamese.diacritics_message(verdict), details))


def _check_attachments(
    uploads: tuple[Upload, ...], article: Article, storage: Storage, max_image_pixels: int
) -> list[CheckedUpload]:
    if len(uploads) > article.max_attachments:
        raise AttachmentRejected(
            "attachment_too_many", f"Mỗi bình luận chỉ được kèm tối đa {article.max_attachments} file."
        )
    policy = AttachmentPolicy(article.max_attachment_bytes, tuple(article.allowed_attachment_types), max_image_pixels)
    checked: list[CheckedUpload] = []
    try:
        for upload in uploads:
            checked.append(check_upload(upload, policy, storage))
    except BaseException:
        _discard(checked, storage)
        raise
    return checked


def _attachment_row(upload: CheckedUpload) -> Attachment:
    return Attachment(
        storage_key=new_key(),
        thumbnail_key=new_key() if upload.thumbnail else None,
        original_name=upload.display_name,
        content_type=upload.content_type,
        size=upload.staged.size,
        sha256=upload.staged.sha256,
    )


def _save_together(comment: Comment, files: list[tuple[Attachment, CheckedUpload]], storage: Storage) -> None:
    """Move the files into place, then commit; on any failure undo the files, so rows and files never part."""
    db.session.add(comment)
    placed: list[str] = []
    try:
        db.session.flush()
        for row, upload in files:
            storage.promote(upload.staged, row.storage_key)
            placed.append(row.storage_key)
            if upload.thumbnail and row.thumbnail_key:
                storage.promote(upload.thumbnail, row.thumbnail_key)
                placed.append(row.thumbnail_key)
        comment_id = comment.id
        db.session.commit()
    except BaseException:
        db.session.rollback()
        for key in placed:
            storage.delete(key)
        _discard([upload for _, upload in files], storage)
        raise
    # The commit expired the row; both doors answer with its id, which cannot have changed: spare them a reload.
    set_committed_value(comment, "id", comment_id)


def _discard(uploads: list[CheckedUpload], storage: Storage) -> None:
    for upload in uploads:
        for token in upload.tokens:
            storage.discard(token)


def published_comments(article_id: int) -> list[Comment]:
    """Approved comments under an article, oldest first, with their attachments."""
    return list(db.session.scalars(
        select(Comment)
        .where(Comment.article_id == article_id, Comment.status == CommentStatus.APPROVED)
        .options(selectinload(Comment.attachments))
        .order_by(Comment.created_at, Comment.id)
    ))


def count_published(article_ids: list[int]) -> dict[int, int]:
    """Approved comment counts for several articles in one query."""
    if not article_ids:
        return {}
    rows = db.session.execute(
        select(Comment.article_id, func.count())
        .where(Comment.article_id.in_(article_ids), Comment.status == CommentStatus.APPROVED)
        .group_by(Comment.article_id)
    )
    return dict(rows.all())


def get_attachment(attachment_id: int, *, include_unpublished: bool) -> Attachment:
    """An attachment readers may see (published, on an approved comment), or any one for editors."""
    attachment = db.session.scalar(
        select(Attachment).where(Attachment.id == attachment_id).options(selectinload(Attachment.comment))
    )
    if attachment is None:
        raise NotFound("attachment")
    public = attachment.published and attachment.comment.status == CommentStatus.APPROVED
    if not (public or include_unpublished):
        raise NotFound("attachment")
    return attachment
