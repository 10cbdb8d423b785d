"""Read path: a thread version per article, and a version per admin-kept list.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-04 19:40:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('articles', schema=None) as batch_op:
        batch_op.add_column(sa.Column('thread_version', sa.Integer(), server_default='1', nullable=False))
    op.create_table('list_versions',
    sa.Column('name', sa.String(length=32), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('name', name=op.f('pk_list_versions'))
    )


def downgrade():
    op.drop_table('list_versions')
    with op.batch_alter_table('articles', schema=None) as batch_op:
        batch_op.drop_column('thread_version')
