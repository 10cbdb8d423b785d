"""Smallest valid rows, with overrides."""
from itertools import count

from feedback import abuse, editors
from feedback.extensions import db
from feedback.models import Article, BlockKind, Comment, CommentStatus, Role, WordListKind, utcnow
from feedback.sanitize import comment_html

_seq = count(1)
GOOD_TEXT = "Bài viết rất hay, tôi hoàn toàn đồng ý với ý kiến của tác giả về vấn đề này."


def make_article(**overrides) -> Article:
    n = next(_seq)
    values = {"slug": f"bai-viet-so-{n}", "title": f"Bài viết số {n}", "lead": "Tóm tắt bài viết.",
              "body_html": "<p>Nội dung bài viết.</p>", "author": "Phóng viên"}
    values.update(overrides)
    article = Article(**values)
    db.session.add(article)
    db.session.flush()
    return article


def make_comment(article: Article, text: str = GOOD_TEXT, status: CommentStatus = CommentStatus.PENDING,
                 **overrides) -> Comment:
    values = {"author_name": "Nguyễn Văn An", "email": "an@example.com", "original_text": text, "text": text,
              "html": comment_html(text), "status": status}
    if status != CommentStatus.PENDING:
        values["decided_at"] = utcnow()
    values.update(overrides)
    comment = Comment(article_id=article.id, **values)
    db.session.add(comment)
    db.session.flush()
    return comment


def make_editor(email: str | None = None, role: str = "editor", password: str = "mat-khau-du-dai", **kwargs):
    email = email or f"editor{next(_seq)}@example.com"
    return editors.create_editor(email, password, role=Role(role), **kwargs)


def make_words(kind: str, *words: str) -> None:
    """Set a word list (banned or watched) to exactly these words."""
    abuse.replace_words(WordListKind(kind), list(words))


def make_block(kind: str, value: str, **kwargs):
    return abuse.add_block(BlockKind(kind), value, **kwargs)
