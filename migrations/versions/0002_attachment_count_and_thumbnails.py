"""Add the article's attachment count rule and a thumbnail key per attachment.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25 03:19:12.606962

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('articles', schema=None) as batch_op:
        # Existing articles keep one attachment per comment.
        batch_op.add_column(sa.Column('max_attachments', sa.Integer(), server_default='1', nullable=False))

    with op.batch_alter_table('attachments', schema=None) as batch_op:
        batch_op.add_column(sa.Column('thumbnail_key', sa.String(length=200), nullable=True))
        batch_op.create_unique_constraint(batch_op.f('uq_attachments_thumbnail_key'), ['thumbnail_key'])


def downgrade():
    with op.batch_alter_table('attachments', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_attachments_thumbnail_key'), type_='unique')
        batch_op.drop_column('thumbnail_key')

    with op.batch_alter_table('articles', schema=None) as batch_op:
        batch_op.drop_column('max_attachments')
