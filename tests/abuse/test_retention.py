from datetime import timedelta

from sqlalchemy import select

from feedback.extensions import db
from feedback.models import Comment, utcnow

from ..factories import make_article, make_comment


def ip_addresses(app) -> dict[str, str | None]:
    with app.app_context():
        return {c.author_name: c.ip_address for c in db.session.scalars(select(Comment))}


def comments_aged(app, **ages_in_days):
    with app.app_context():
        article = make_article()
        for name, days in ages_in_days.items():
            make_comment(article, author_name=name, ip_address="203.0.113.5",
                         created_at=utcnow() - timedelta(days=days))
        db.session.commit()


def test_purge_ip_clears_addresses_older_than_the_retention_period(app, runner):
    comments_aged(app, old=31, recent=29)
    result = runner.invoke(args=["purge-ip"])
    assert result.exit_code == 0
    assert "Cleared the IP address of 1 comment(s) older than 30 day(s)." in result.output
    assert ip_addresses(app) == {"old": None, "recent": "203.0.113.5"}


def test_retention_period_is_a_setting_and_an_option(app, runner, monkeypatch):
    comments_aged(app, a=10, b=5, c=1)
    monkeypatch.setitem(app.config, "IP_RETENTION_DAYS", 7)
    runner.invoke(args=["purge-ip"])
    assert ip_addresses(app) == {"a": None, "b": "203.0.113.5", "c": "203.0.113.5"}
    runner.invoke(args=["purge-ip", "--days", "2"])
    assert ip_addresses(app) == {"a": None, "b": None, "c": "203.0.113.5"}


def test_purging_changes_nothing_an_editor_decides_on(app, runner):
    comments_aged(app, old=40)
    with app.app_context():
        version = db.session.scalars(select(Comment)).one().version
    runner.invoke(args=["purge-ip"])
    with app.app_context():
        assert db.session.scalars(select(Comment)).one().version == version
