"""Errors answered once for the whole app: an HTML page for the site, JSON under /api."""
import logging

from flask import Flask, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

from ..errors import CommentRejected, EditConflict, FeedbackError, Forbidden, InvalidDecision, NotFound
from ..extensions import db
from .limits import retry_after_seconds
from .uploads import drain_refused_body

log = logging.getLogger("feedback")

STATUS_FOR = {NotFound: 404, Forbidden: 403, EditConflict: 409, InvalidDecision: 422, CommentRejected: 422}

MESSAGES = {
    400: "Yêu cầu không hợp lệ.",
    401: "Bạn cần đăng nhập.",
    403: "Bạn không có quyền thực hiện thao tác này.",
    404: "Không tìm thấy trang bạn yêu cầu.",
    405: "Phương thức không được hỗ trợ.",
    409: "Bình luận đã được biên tập viên khác xử lý.",
    413: "Dữ liệu gửi lên quá lớn. File đính kèm không được vượt quá giới hạn của bài viết.",
    422: "Dữ liệu chưa hợp lệ.",
    429: "Bạn thao tác quá nhanh. Vui lòng thử lại sau ít phút.",
    500: "Đã có lỗi xảy ra phía máy chủ. Vui lòng thử lại sau.",
    503: "Dịch vụ tạm thời gián đoạn. Vui lòng thử lại sau.",
}
CODES = {400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found", 405: "method_not_allowed",
         409: "conflict", 413: "attachment_too_large", 422: "invalid", 429: "rate_limited", 500: "server_error",
         503: "unavailable"}
RATE_LIMIT_MESSAGE = "Bạn thao tác quá nhanh. Vui lòng thử lại sau {wait}."
COMMENT_RATE_LIMIT_MESSAGE = ("Bạn đã gửi nhiều bình luận trong thời gian ngắn. Vui lòng chờ {wait} rồi bấm Gửi lại; "
                              "nội dung bạn viết vẫn còn nguyên bên dưới.")
CSRF_MESSAGE = "Phiên làm việc đã hết hạn hoặc biểu mẫu không hợp lệ. Vui lòng tải lại trang và gửi lại."


def wants_json() -> bool:
    return request.path.startswith("/api/")


def error_response(status: int, message: str | None = None, code: str | None = None, field: str | None = None):
    message = message or MESSAGES.get(status, MESSAGES[500])
    if wants_json():
        return {"errors": [{"field": field, "code": code or CODES.get(status, "error"), "message": message}]}, status
    return render_template("errors/error.html", status=status, message=message), status


def register(app: Flask) -> None:
    @app.errorhandler(FeedbackError)
    def _domain_error(exc: FeedbackError):
        status = next((s for cls, s in STATUS_FOR.items() if isinstance(exc, cls)), 400)
        if isinstance(exc, CommentRejected):
            if wants_json():
                return {"errors": [{"field": e.field, "code": e.code, "message": e.message} for e in exc.errors]}, 422
            return error_response(422, exc.errors[0].message, exc.errors[0].code)
        message = exc.message if isinstance(exc, InvalidDecision) else None
        return error_response(status, message, exc.code)

    @app.errorhandler(CSRFError)
    def _csrf_error(exc: CSRFError):
        return error_response(400, CSRF_MESSAGE, "csrf")

    @app.errorhandler(429)
    def _too_many_requests(exc):
        return rate_limited()

    @app.errorhandler(HTTPException)
    def _http_error(exc: HTTPException):
        if exc.code == 413:
            drain_refused_body()
            return error_response(413, field="attachment")
        return error_response(exc.code or 500)

    @app.errorhandler(Exception)
    def _unexpected(exc: Exception):
        # An unexpected failure must not leave a half-done transaction for the next request.
        db.session.rollback()
        log.exception("unhandled error on %s %s", request.method, request.path)
        return error_response(InternalServerError.code)


def rate_limited():
    """Flask-Limiter adds Retry-After to this answer; the message says the same in words."""
    return error_response(429, RATE_LIMIT_MESSAGE.format(wait=rate_limit_wait()))


def rate_limit_wait() -> str:
    """How long the client must wait before the limit it broke lets it in, in words."""
    return _wait_text(retry_after_seconds())


def _wait_text(seconds: int | None) -> str:
    if seconds is None:
        return "ít phút"
    if seconds < 90:
        return f"{seconds} giây"
    return f"{-(-seconds // 60)} phút"
