"""The queue's and the audit log's filters, read from a query string by the panel and the API alike."""
from datetime import date, datetime, time, timedelta
from typing import Mapping

from flask_wtf import FlaskForm
from wtforms import DateField, HiddenField, SearchField, SelectField, StringField
from wtforms.validators import Length, Optional

from .. import editors
from ..abuse import flags
from ..audit import AuditFilter
from ..errors import NotFound
from ..models import AuditAction
from ..queue import QueueFilter, QueueTab, flag_codes, recent_articles
from ..timezone import VIETNAM
from .inputs import parse_id

# Days the queue can be filtered on: a day at the calendar's very edge cannot be turned into a UTC instant.
FIRST_DAY, LAST_DAY = date(1900, 1, 1), date(9998, 12, 31)

ACTION_LABELS = {"approve": "duyệt", "edit_approve": "biên tập và duyệt", "reject": "từ chối", "spam": "đánh dấu spam",
                 "unpublish": "gỡ và đưa về hàng chờ", "reopen": "đưa về hàng chờ", "pending": "đang chờ",
                 "approved": "đã duyệt", "rejected": "đã từ chối"}

BAD_DATE = "Ngày không hợp lệ (dạng năm-tháng-ngày, ví dụ 2026-11-25)."


class QueueFilterForm(FlaskForm):
    """The queue's filters, read from the query string by the panel and the API alike."""

    class Meta:
        csrf = False

    status = HiddenField(default="pending")
    q = SearchField("Tìm trong nội dung", validators=[Optional(), Length(max=200)],
                    render_kw={"placeholder": "viet nam cũng tìm được Việt Nam"})
    author = StringField("Người gửi (tên hoặc email)", validators=[Optional(), Length(max=254)])
    article = SelectField("Bài viết", validate_choice=False)
    date_from = DateField("Gửi từ ngày", validators=[Optional()], invalid_value_message=BAD_DATE)
    date_to = DateField("Đến ngày", validators=[Optional()], invalid_value_message=BAD_DATE)
    has_attachment = SelectField("File đính kèm", choices={"": "Tất cả", "true": "Có file", "false": "Không có file"},
                                 default="", invalid_choice_message="Chỉ nhận true hoặc false.")
    flag = SelectField("Gắn cờ", validate_choice=False)


class AuditFilterForm(FlaskForm):
    class Meta:
        csrf = False

    editor = SelectField("Biên tập viên", validate_choice=False)
    article = StringField("Bài viết (đường dẫn)", validators=[Optional(), Length(max=120)])
    action = SelectField("Thao tác", validate_choice=False)


def read_queue_filter(args: Mapping[str, str]) -> tuple[QueueFilterForm, QueueFilter | None]:
    """The filter form read from a query string and, when it is valid, the filter it describes."""
    form = QueueFilterForm(formdata=args)
    form.article.choices = {"": "Tất cả bài viết", **{a.slug: a.title for a in recent_articles()}}
    form.flag.choices = {"": "Tất cả", **{code: flags.LABELS.get(code, code) for code in (*flags.LABELS, *flag_codes())}}
    valid = form.validate()
    status = form.status.data or QueueTab.PENDING.value
    if status not in {tab.value for tab in QueueTab}:
        form.status.errors = [f"Tab không hợp lệ: {status}."]
        valid = False
    for field in (form.date_from, form.date_to):
        if field.data and not FIRST_DAY <= field.data <= LAST_DAY:
            field.errors = [BAD_DATE]
            valid = False
    if form.date_from.data and form.date_to.data and form.date_from.data > form.date_to.data:
        form.date_to.errors = ["Ngày kết thúc phải sau ngày bắt đầu."]
        valid = False
    if not valid:
        return form, None
    return form, QueueFilter(
        tab=QueueTab(status), article=form.article.data or None, q=form.q.data or "", author=form.author.data or "",
        has_attachment={"true": True, "false": False}.get(form.has_attachment.data),
        flag=form.flag.data or None,
        submitted_from=_utc_start_of(form.date_from.data),
        submitted_until=_utc_start_of(form.date_to.data + timedelta(days=1)) if form.date_to.data else None,
    )


def _utc_start_of(day) -> datetime | None:
    """Midnight of a Vietnamese calendar day, as the naive UTC the database stores."""
    if day is None:
        return None
    return datetime.combine(day, time.min) - VIETNAM.utcoffset(None)


def read_audit_filter(args) -> tuple[AuditFilterForm, AuditFilter | None]:
    """The filter form from a query string and, when every value is known, the filter it describes."""
    form = AuditFilterForm(formdata=args)
    form.editor.choices = {"": "Tất cả", **{str(e.id): e.display_name for e in editors.list_editors()}}
    form.action.choices = {"": "Tất cả", **{a.value: ACTION_LABELS[a.value] for a in AuditAction}}
    valid = form.validate()
    editor_id = _editor_id(form.editor.data or "")
    if editor_id is False:
        form.editor.errors = ["Không có biên tập viên này."]
        valid = False
    action = form.action.data or ""
    if action and action not in {a.value for a in AuditAction}:
        form.action.errors = ["Thao tác không hợp lệ."]
        valid = False
    if not valid:
        return form, None
    return form, AuditFilter(editor_id=editor_id, article=form.article.data or None,
                             action=AuditAction(action) if action else None)


def _editor_id(value: str) -> int | None | bool:
    """An editor given by id (the page's list) or e-mail (handy in the API); False when there is no such editor."""
    if not value:
        return None
    if value.isdigit():
        return parse_id(value) or False  # "²" is a digit to isdigit, not to int
    try:
        return editors.get_editor_by_email(value).id
    except NotFound:
        return False
