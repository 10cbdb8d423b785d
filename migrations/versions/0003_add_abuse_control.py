"""Add abuse control: comment flags, word lists (seeded with a small default list), blocklist, text fingerprints.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25 03:17:47.115331

"""
from datetime import datetime, timezone

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None

# A small newspaper default the admins edit in the panel. Levels were chosen by
# feedback.abuse.matching.choose_level (tests/abuse/test_matching.py keeps them in step): most vulgar words
# collide with everyday syllables once their marks are dropped (lồn/lớn, cặc/các, đụ/đủ), so they match
# only as written; acronyms match without marks.
DEFAULT_WORDS = [
    ("banned", "buồi", "exact"),
    ("banned", "chịch", "exact"),
    ("banned", "clgt", "skeleton"),
    ("banned", "cặc", "exact"),
    ("banned", "lồn", "exact"),
    ("banned", "vcl", "skeleton"),
    ("banned", "vkl", "skeleton"),
    ("banned", "đcm", "skeleton"),
    ("banned", "đkm", "skeleton"),
    ("banned", "đm", "skeleton"),
    ("banned", "đéo", "exact"),
    ("banned", "đù má", "exact"),
    ("banned", "đĩ", "exact"),
    ("banned", "địt", "exact"),
    ("banned", "đụ", "exact"),
    ("watched", "cá độ", "exact"),
    ("watched", "cứt", "tone"),
    ("watched", "inbox", "skeleton"),
    ("watched", "khốn nạn", "exact"),
    ("watched", "kiếm tiền online", "skeleton"),
    ("watched", "liên hệ zalo", "skeleton"),
    ("watched", "lô đề", "exact"),
    ("watched", "mất dạy", "exact"),
    ("watched", "mẹ kiếp", "skeleton"),
    ("watched", "ngu", "exact"),
    ("watched", "nhà cái", "exact"),
    ("watched", "nổ hũ", "exact"),
    ("watched", "súc vật", "exact"),
    ("watched", "tài xỉu", "exact"),
    ("watched", "vay tiền nhanh", "exact"),
    ("watched", "óc chó", "tone"),
    ("watched", "óc lợn", "tone"),
    ("watched", "đần độn", "exact"),
]


def upgrade():
    word_list_entries = op.create_table('word_list_entries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('banned', 'watched', name='word_list_kind', native_enum=False, length=16), nullable=False),
    sa.Column('word', sa.String(length=100), nullable=False),
    sa.Column('level', sa.Enum('exact', 'tone', 'skeleton', name='match_level', native_enum=False, length=16), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_word_list_entries')),
    sa.UniqueConstraint('kind', 'word', name='uq_word_list_entries_kind_word')
    )
    op.create_table('blocked_senders',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('email', 'name', 'ip', name='block_kind', native_enum=False, length=16), nullable=False),
    sa.Column('value', sa.String(length=254), nullable=False),
    sa.Column('note', sa.String(length=200), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['editors.id'], name=op.f('fk_blocked_senders_created_by_id_editors'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_blocked_senders')),
    sa.UniqueConstraint('kind', 'value', name='uq_blocked_senders_kind_value')
    )
    op.create_table('comment_flags',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('comment_id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=32), nullable=False),
    sa.Column('detail', sa.String(length=200), nullable=True),
    sa.ForeignKeyConstraint(['comment_id'], ['comments.id'], name=op.f('fk_comment_flags_comment_id_comments'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_comment_flags'))
    )
    with op.batch_alter_table('comment_flags', schema=None) as batch_op:
        batch_op.create_index('ix_comment_flags_code_comment', ['code', 'comment_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_comment_flags_comment_id'), ['comment_id'], unique=False)

    with op.batch_alter_table('comments', schema=None) as batch_op:
        batch_op.add_column(sa.Column('fingerprint', sa.String(length=64), nullable=True))
        batch_op.create_index('ix_comments_fingerprint_created', ['fingerprint', 'created_at'], unique=False)
        batch_op.create_index('ix_comments_ip_created', ['ip_address', 'created_at'], unique=False)

    now = datetime.now(timezone.utc).replace(tzinfo=None)
    op.bulk_insert(word_list_entries, [
        {"kind": kind, "word": word, "level": level, "created_at": now} for kind, word, level in DEFAULT_WORDS
    ])


def downgrade():
    with op.batch_alter_table('comments', schema=None) as batch_op:
        batch_op.drop_index('ix_comments_ip_created')
        batch_op.drop_index('ix_comments_fingerprint_created')
        batch_op.drop_column('fingerprint')

    with op.batch_alter_table('comment_flags', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_comment_flags_comment_id'))
        batch_op.drop_index('ix_comment_flags_code_comment')

    op.drop_table('comment_flags')
    op.drop_table('blocked_senders')
    op.drop_table('word_list_entries')
