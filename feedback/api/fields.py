"""Reading the editors' JSON bodies: every field must have its JSON type, or the call is a 422 naming it."""
from flask import request

from .. import moderation
from ..errors import InvalidInput
from ..http.inputs import is_id


def json_body() -> dict:
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        raise InvalidInput("body", "Cần gửi JSON dạng đối tượng.", "invalid_json")
    return data


def version(data: dict) -> int:
    value = data.get("version")
    if not is_id(value):
        raise InvalidInput("version", "Thiếu trường version (số nguyên).")
    return value


def text(data: dict, name: str, default: str | None) -> str | None:
    """A string field; absent or null takes the default."""
    value = data.get(name)
    if value is None:
        return default
    if not isinstance(value, str):
        raise InvalidInput(name, f"Trường {name} phải là chuỗi ký tự.")
    return value


def flag(data: dict, name: str, default: bool) -> bool:
    """A JSON true or false; "false", 0 or null are refused rather than guessed at."""
    if name not in data:
        return default
    value = data[name]
    if not isinstance(value, bool):
        raise InvalidInput(name, f"Trường {name} phải là true hoặc false.")
    return value


def bulk_items(data: dict) -> list[moderation.BulkItem]:
    raw = data.get("items")
    if not isinstance(raw, list) or not all(
            isinstance(i, dict) and is_id(i.get("id")) and is_id(i.get("version")) for i in raw):
        raise InvalidInput("items", "Trường items phải là danh sách {\"id\": số, \"version\": số}.")
    return [moderation.BulkItem(i["id"], i["version"]) for i in raw]
