"""Commenters' IP addresses are kept only while abuse checks need them."""
from datetime import datetime

from sqlalchemy import update

from ..extensions import db
from ..models import Comment


def purge_ip_addresses(*, older_than: datetime) -> int:
    """Clear the IP address of every comment posted before the cutoff; returns how many were cleared."""
    result = db.session.execute(
        update(Comment)
        .where(Comment.ip_address.is_not(None), Comment.created_at < older_than)
        .values(ip_address=None)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount or 0
