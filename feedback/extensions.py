"""Flask extensions, created unbound and bound in create_app."""
from typing import Any

from flask_caching import Cache
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase

# Stable constraint names keep Alembic revisions identical on SQLite and PostgreSQL.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def exists_on(item: Any, dialect_name: str) -> bool:
    """False for a schema item declared with .ddl_if(dialect=...) for another database (e.g. a trigram index)."""
    condition = getattr(item, "_ddl_if", None)
    return condition is None or condition.dialect in (None, dialect_name)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


db = SQLAlchemy(model_class=Base)
migrate = Migrate(render_as_batch=True, compare_type=True)
login_manager = LoginManager()
# Rendered threads and pages (feedback/http/caching.py); Redis or in-process, chosen in create_app.
cache = Cache()
csrf = CSRFProtect()
# Limits and their keys are declared in feedback/web/limits.py; storage and switches come from the app config.
limiter = Limiter(key_func=get_remote_address)
