"""Log-in sessions as rows (log-out ends one), and lock-outs per e-mail and address.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-04 20:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('editor_sessions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('editor_id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('expires_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['editor_id'], ['editors.id'], name=op.f('fk_editor_sessions_editor_id_editors'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_editor_sessions')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_editor_sessions_token_hash'))
    )
    with op.batch_alter_table('editor_sessions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_editor_sessions_editor_id'), ['editor_id'], unique=False)

    op.create_table('login_throttles',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('address', sa.String(length=64), nullable=False),
    sa.Column('failures', sa.Integer(), nullable=False),
    sa.Column('locked_until', sa.DateTime(), nullable=True),
    sa.Column('last_failure_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_login_throttles')),
    sa.UniqueConstraint('email', 'address', name='uq_login_throttles_email_address')
    )
    with op.batch_alter_table('login_throttles', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_login_throttles_last_failure_at'), ['last_failure_at'], unique=False)


def downgrade():
    with op.batch_alter_table('login_throttles', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_login_throttles_last_failure_at'))
    op.drop_table('login_throttles')
    with op.batch_alter_table('editor_sessions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_editor_sessions_editor_id'))
    op.drop_table('editor_sessions')
