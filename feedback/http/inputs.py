"""Values where they enter: ids in URLs and JSON bodies the database and the parser can take, or a 404/422."""
from typing import Any

from flask.json.provider import DefaultJSONProvider
from werkzeug.routing import IntegerConverter

# Our id and version columns are INTEGER: on PostgreSQL a larger number is an error, not "no such row".
MAX_ID = 2**31 - 1


class IdConverter(IntegerConverter):
    """`<int:…>` in every route: a number past any id is simply no such page (404)."""

    def __init__(self, map, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, *args, **kwargs)


class StrictJSONProvider(DefaultJSONProvider):
    """JSON bodies that cannot be stored are malformed JSON: too deeply nested, or a string with a lone surrogate.

    Both surface as ValueError, which request.get_json turns into "no JSON", answered 422 by each door.
    """

    def loads(self, s: str | bytes, **kwargs: Any) -> Any:
        try:
            data = super().loads(s, **kwargs)
        except RecursionError:
            raise ValueError("JSON nested too deeply") from None
        _check_strings(data)
        return data


def _check_strings(data: Any) -> None:
    # Iterative, so a structure nested as deep as the parser allowed cannot exhaust the stack here.
    pending = [data]
    while pending:
        item = pending.pop()
        if isinstance(item, dict):
            pending.extend(item.keys())
            pending.extend(item.values())
        elif isinstance(item, list):
            pending.extend(item)
        elif isinstance(item, str):
            try:
                item.encode("utf-8")
            except UnicodeEncodeError:
                raise ValueError("JSON string with a lone surrogate") from None


def parse_id(text: str | None) -> int | None:
    """A form's or query's id or version: ASCII digits within the column, else None ("²" is a digit to isdigit)."""
    if not text or not text.isascii() or not text.isdigit() or int(text) > MAX_ID:
        return None
    return int(text)


def is_id(value: Any) -> bool:
    """A JSON whole number that can be an id or a version (not true, not negative, not past the column)."""
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= MAX_ID
