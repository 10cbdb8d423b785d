"""Moderation panel: search keys on comments, reject reasons, login lock-out.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25 03:15:37.923289

"""
from alembic import op
import sqlalchemy as sa

from feedback.models import search_key


# revision identifiers, used by Alembic.
revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None

# The default list as of this revision (feedback.reasons.DEFAULT_REASONS may change later; history does not).
DEFAULT_REASONS = [
    ("extreme", "Cực đoan, xúc phạm", False),
    ("off_topic", "Lạc đề, không liên quan đến bài viết", False),
    ("spam", "Spam, quảng cáo", False),
    ("personal_attack", "Công kích cá nhân", False),
    ("no_diacritics", "Không viết tiếng Việt có dấu", False),
    ("false_information", "Thông tin sai sự thật", False),
    ("other", "Lý do khác", True),
]

comments = sa.table(
    "comments", sa.column("id", sa.Integer), sa.column("text", sa.Text), sa.column("author_name", sa.String),
    sa.column("email", sa.String), sa.column("search_key", sa.Text), sa.column("author_key", sa.String),
)


def upgrade():
    op.create_table('reject_reasons',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=32), nullable=False),
    sa.Column('label', sa.String(length=200), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('note_required', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reject_reasons')),
    sa.UniqueConstraint('code', name=op.f('uq_reject_reasons_code'))
    )
    op.bulk_insert(sa.table("reject_reasons", sa.column("code"), sa.column("label"), sa.column("active"),
                            sa.column("position"), sa.column("note_required")),
                   [{"code": code, "label": label, "active": True, "position": n, "note_required": note}
                    for n, (code, label, note) in enumerate(DEFAULT_REASONS, start=1)])

    with op.batch_alter_table('audit_entries', schema=None) as batch_op:
        batch_op.add_column(sa.Column('reason_code', sa.String(length=32), nullable=True))

    with op.batch_alter_table('comments', schema=None) as batch_op:
        batch_op.add_column(sa.Column('reject_reason_code', sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column('search_key', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('author_key', sa.String(length=400), nullable=True))
    _backfill_keys()
    # Decided tabs list by decision time; comments the abuse checks sent to Spam were stored without one.
    op.execute("UPDATE comments SET decided_at = created_at WHERE status <> 'pending' AND decided_at IS NULL")
    with op.batch_alter_table('comments', schema=None) as batch_op:
        batch_op.alter_column('search_key', existing_type=sa.Text(), nullable=False)
        batch_op.alter_column('author_key', existing_type=sa.String(length=400), nullable=False)
        batch_op.create_index('ix_comments_author_key_created', ['author_key', 'created_at'], unique=False)
        batch_op.create_index('ix_comments_status_decided', ['status', 'decided_at', 'id'], unique=False)
    if op.get_bind().dialect.name == "postgresql":
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        for column in ("search_key", "author_key"):
            op.create_index(f"ix_comments_{column}_trgm", "comments", [column], postgresql_using="gin",
                            postgresql_ops={column: "gin_trgm_ops"})

    with op.batch_alter_table('editors', schema=None) as batch_op:
        batch_op.add_column(sa.Column('failed_logins', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('locked_until', sa.DateTime(), nullable=True))


def _backfill_keys(batch: int = 1000) -> None:
    """Fold existing comments' text and author with the same function new comments use."""
    conn = op.get_bind()
    last_id = 0
    while True:
        rows = conn.execute(
            sa.select(comments.c.id, comments.c.text, comments.c.author_name, comments.c.email)
            .where(comments.c.id > last_id).order_by(comments.c.id).limit(batch)
        ).all()
        if not rows:
            return
        conn.execute(
            comments.update().where(comments.c.id == sa.bindparam("row_id"))
            .values(search_key=sa.bindparam("s"), author_key=sa.bindparam("a")),
            [{"row_id": r.id, "s": search_key(r.text), "a": search_key(f"{r.author_name} {r.email or ''}")[:400]}
             for r in rows],
        )
        last_id = rows[-1].id


def downgrade():
    with op.batch_alter_table('editors', schema=None) as batch_op:
        batch_op.drop_column('locked_until')
        batch_op.drop_column('failed_logins')

    if op.get_bind().dialect.name == "postgresql":
        op.drop_index("ix_comments_author_key_trgm", table_name="comments")
        op.drop_index("ix_comments_search_key_trgm", table_name="comments")
    with op.batch_alter_table('comments', schema=None) as batch_op:
        batch_op.drop_index('ix_comments_status_decided')
        batch_op.drop_index('ix_comments_author_key_created')
        batch_op.drop_column('author_key')
        batch_op.drop_column('search_key')
        batch_op.drop_column('reject_reason_code')

    with op.batch_alter_table('audit_entries', schema=None) as batch_op:
        batch_op.drop_column('reason_code')

    op.drop_table('reject_reasons')
