"""A version per admin-kept list, moved by every change to the list, and what each process built from a list.

Every flush that inserts, changes or deletes a word-list entry, a blocked sender or a reject reason moves that
list's row in `list_versions` in the same transaction, so no code path can forget to. Each process keeps what it
derived from a list (matchers, the blocklist, the reasons) beside the version it was built from, one set per
database, and rebuilds only when the version it reads differs: an admin's edit on one server reaches every server
on its next request.
"""
import secrets
import threading
from typing import Any, Callable, TypeVar
from weakref import WeakKeyDictionary

from sqlalchemy import ColumnElement, event, func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.orm import Session

from .models import BlockedSender, ListVersion, RejectReason, WordListEntry

WORDLISTS = "wordlists"
BLOCKLIST = "blocklist"
REASONS = "reasons"
_LIST_OF = {WordListEntry: WORDLISTS, BlockedSender: BLOCKLIST, RejectReason: REASONS}
_TABLE_OF = {name: model.__table__ for model, name in _LIST_OF.items()}
_UPSERTS = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}
# session.info keys: lists changed by the pending flush, and lists this transaction changed.
_TO_MOVE = "feedback.lists_to_move"
_CHANGED = "feedback.lists_changed"

T = TypeVar("T")


def version_of(name: str) -> ColumnElement[int]:
    """A list's version as a scalar subquery, to fold into a query the caller runs anyway."""
    stored = select(ListVersion.version).where(ListVersion.name == name).scalar_subquery()
    # A list nobody has edited since the migrations has no row yet: its size stands in (negative, where versions
    # are positive), so rows deleted outside the ORM while no row exists (a test's cleanup) still count as a change.
    size = select(-func.count() - 1).select_from(_TABLE_OF[name]).scalar_subquery()
    return func.coalesce(stored, size)


def current_versions(session: Session, *names: str) -> dict[str, int]:
    """The versions of these lists (all of them by default), in one query."""
    names = names or tuple(_TABLE_OF)
    row = session.execute(select(*(version_of(name).label(name) for name in names))).one()
    return dict(row._mapping)


def derived(session: Session, name: str, version: int | None, build: Callable[[Session], T]) -> T:
    """What build makes of a list, built once per version of the list and per database.

    Pass the version when a query the caller ran anyway carried it; read it before the list, never after, so a
    value is never filed under a version newer than the rows it was built from.
    """
    if version is None:
        version = current_versions(session, name)[name]
    if _changing(session, name):
        # This transaction changed the list: what it sees may yet be rolled back, so it is not shared.
        return build(session)
    built = _built_for(session.get_bind())
    kept = built.get(name)
    if kept is not None and kept[0] == version:
        return kept[1]
    value = build(session)
    # Two threads may rebuild the same version at once; either result is right, and the last one stays.
    built[name] = (version, value)
    return value


def _changing(session: Session, name: str) -> bool:
    if name in session.info.get(_CHANGED, ()) or name in session.info.get(_TO_MOVE, ()):
        return True
    return any(_LIST_OF.get(type(obj)) == name for obj in (*session.new, *session.dirty, *session.deleted))


_built: "WeakKeyDictionary[Engine, dict[str, tuple[int, Any]]]" = WeakKeyDictionary()
_built_lock = threading.Lock()


def _built_for(engine: Engine) -> dict[str, tuple[int, Any]]:
    # One set per engine: tests and several apps in one process each have their own database.
    with _built_lock:
        return _built.setdefault(engine, {})


@event.listens_for(Session, "before_flush")
def _note_changed_lists(session: Session, flush_context, instances) -> None:
    names = {_LIST_OF[type(obj)] for obj in (*session.new, *session.deleted) if type(obj) in _LIST_OF}
    names |= {_LIST_OF[type(obj)] for obj in session.dirty
              if type(obj) in _LIST_OF and session.is_modified(obj, include_collections=False)}
    if names:
        session.info.setdefault(_TO_MOVE, set()).update(names)


@event.listens_for(Session, "after_flush")
def _move_changed_lists(session: Session, flush_context) -> None:
    names = session.info.pop(_TO_MOVE, None)
    if names:
        move_versions(session.connection(), names)
        session.info.setdefault(_CHANGED, set()).update(names)


@event.listens_for(Session, "do_orm_execute")
def _note_bulk_statements(orm_execute_state) -> None:
    """An ORM bulk insert, update or delete of a list's rows bypasses the flush; it moves the version too."""
    if orm_execute_state.is_select:
        return
    mapper = orm_execute_state.bind_mapper
    name = _LIST_OF.get(mapper.class_) if mapper is not None else None
    if name is not None:
        session = orm_execute_state.session
        move_versions(session.connection(), {name})
        session.info.setdefault(_CHANGED, set()).add(name)


@event.listens_for(Session, "after_transaction_end")
def _forget_changed_lists(session: Session, transaction) -> None:
    if transaction.parent is None:
        session.info.pop(_CHANGED, None)
        session.info.pop(_TO_MOVE, None)


def move_versions(connection: Connection, names: set[str]) -> None:
    """version = version + 1 for each list, creating its row when missing; one atomic statement."""
    table = ListVersion.__table__
    # A new row starts at a random version, not 1: were a row deleted and made again (a restore, a test's
    # cleanup), counting from 1 could repeat a version some server still holds with other contents.
    # Sorted, so two transactions changing the same lists lock their rows in the same order.
    rows = [{"name": name, "version": secrets.randbelow(2**30) + 1} for name in sorted(names)]
    upsert = _UPSERTS[connection.dialect.name](table).values(rows)
    connection.execute(upsert.on_conflict_do_update(index_elements=[table.c.name],
                                                    set_={"version": table.c.version + 1}))
