"""Domain errors. The web and API layers map each class to a status once."""
from dataclasses import dataclass, field
from datetime import datetime


class FeedbackError(Exception):
    """Base of every error the domain raises on purpose."""

    code = "error"


class NotFound(FeedbackError):
    code = "not_found"


class Forbidden(FeedbackError):
    code = "forbidden"


class CommentsClosed(Forbidden):
    code = "comments_closed"


@dataclass
class FieldError:
    field: str
    code: str
    message: str
    # Extra data a form may show, e.g. a corrected text the reader can accept.
    details: dict = field(default_factory=dict)


class CommentRejected(FeedbackError):
    """The reader's submission breaks one or more rules; each error names its field."""

    code = "invalid"

    def __init__(self, errors: list[FieldError]):
        super().__init__("; ".join(f"{e.field}: {e.code}" for e in errors))
        self.errors = errors


class InvalidInput(CommentRejected):
    """A request field of the wrong type or shape (a string where a boolean belongs); names the field."""

    def __init__(self, field_name: str, message: str, code: str = "invalid_type"):
        super().__init__([FieldError(field_name, code, message)])


class AttachmentRejected(CommentRejected):
    def __init__(self, code: str, message: str):
        super().__init__([FieldError("attachment", code, message)])


@dataclass
class Decision:
    """Who last decided a comment, shown to an editor whose action came too late."""

    editor: str | None
    action: str
    at: datetime | None
    version: int


class EditConflict(FeedbackError):
    code = "conflict"

    def __init__(self, latest: Decision):
        super().__init__(f"comment changed: now version {latest.version}")
        self.latest = latest


class InvalidDecision(FeedbackError):
    """A decision that does not fit the comment's state or lacks what it needs."""

    code = "invalid_decision"

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message
