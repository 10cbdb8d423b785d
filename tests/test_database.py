from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import func, select

from feedback.extensions import db, exists_on
from feedback.models import Article

from .factories import make_article


def test_row_written_here_is_gone_in_the_next_test_part_one(app, app_ctx):
    make_article(slug="con-lai-khong")
    db.session.commit()
    assert db.session.scalar(select(func.count()).select_from(Article)) == 1


def test_row_written_here_is_gone_in_the_next_test_part_two(app, app_ctx):
    assert db.session.scalar(select(func.count()).select_from(Article)) == 0


def test_migrations_match_the_models(app, app_ctx):
    with db.engine.connect() as conn:
        def include(item, name, type_, reflected, compare_to):
            return reflected or exists_on(item, conn.dialect.name)

        context = MigrationContext.configure(conn, opts={"compare_type": True, "include_object": include})
        diff = compare_metadata(context, db.metadata)
    assert diff == []
