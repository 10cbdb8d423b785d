"""Comments: the e-mail in lower case, indexed, so the abuse checks find a sender's earlier comments by index.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-04 20:15:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('comments', schema=None) as batch_op:
        batch_op.add_column(sa.Column('email_key', sa.String(length=254), nullable=True))
    # SQL lower() folds ASCII only on SQLite; addresses with other capitals are rare and only miss an old match.
    op.execute("UPDATE comments SET email_key = lower(email) WHERE email IS NOT NULL")
    with op.batch_alter_table('comments', schema=None) as batch_op:
        batch_op.create_index('ix_comments_email_key_created', ['email_key', 'created_at'], unique=False)


def downgrade():
    with op.batch_alter_table('comments', schema=None) as batch_op:
        batch_op.drop_index('ix_comments_email_key_created')
        batch_op.drop_column('email_key')
