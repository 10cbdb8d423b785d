"""Flask-WTF forms: the shape of each field and CSRF. The domain decides what the text means."""
from flask_wtf import FlaskForm
from flask_wtf.file import MultipleFileField
from wtforms import (BooleanField, EmailField, HiddenField, IntegerField, PasswordField, SelectField,
                     SelectMultipleField, StringField, TextAreaField)
from wtforms.validators import DataRequired, EqualTo, Length, NumberRange, Optional
from wtforms.widgets import CheckboxInput, FileInput, ListWidget


class CommentForm(FlaskForm):
    class Meta:
        # The form is on a page every reader shares, so it carries no session token; web/origin.py checks
        # where each post comes from instead.
        csrf = False

    author_name = StringField("Họ tên", render_kw={"autocomplete": "name", "required": True})
    email = EmailField(
        "Email (không bắt buộc, không hiển thị công khai)",
        render_kw={"autocomplete": "email", "inputmode": "email", "spellcheck": "false"},
    )
    body = TextAreaField("Nội dung bình luận", render_kw={"required": True, "rows": 6, "data-vn-typing": ""})
    # Hidden from people by CSS and skipped by the keyboard; bots fill every field they find.
    website = StringField("Trang web (vui lòng để trống ô này)", render_kw={"autocomplete": "off", "tabindex": "-1"})
    # When the form was shown, signed by the server (feedback.abuse.traps).
    started = HiddenField()
    # Last, so browsers send the text before the file and an oversized file cannot take the text with it.
    attachment = MultipleFileField("File đính kèm (không bắt buộc)")

    def set_limits(self, *, max_length: int, name_max_length: int, accept: str, max_files: int) -> None:
        self.body.render_kw = {**self.body.render_kw, "maxlength": max_length}
        self.author_name.render_kw = {**self.author_name.render_kw, "maxlength": name_max_length}
        self.attachment.render_kw = {"accept": accept}
        self.attachment.widget = FileInput(multiple=max_files > 1)


class LoginForm(FlaskForm):
    email = EmailField("Email", validators=[DataRequired("Vui lòng nhập email.")], render_kw={"autocomplete": "username"})
    password = PasswordField(
        "Mật khẩu", validators=[DataRequired("Vui lòng nhập mật khẩu.")], render_kw={"autocomplete": "current-password"}
    )
    next = HiddenField()


class DecisionForm(FlaskForm):
    """Fields every decision carries: the version the editor saw and where to go afterwards."""

    version = HiddenField(validators=[DataRequired()])
    next = HiddenField()


class ApproveForm(DecisionForm):
    body = TextAreaField("Nội dung sẽ đăng", render_kw={"rows": 6})
    publish_attachments = BooleanField("Đăng kèm file đính kèm", default=True)


class RejectForm(DecisionForm):
    reason_code = SelectField("Lý do từ chối", validators=[DataRequired("Vui lòng chọn lý do từ chối.")],
                              validate_choice=False)
    note = StringField("Ghi chú (không bắt buộc)", validators=[Length(max=500)])


class SpamForm(DecisionForm):
    note = StringField("Ghi chú (không bắt buộc)", validators=[Length(max=500)])


class UnpublishForm(DecisionForm):
    reason = StringField("Lý do đưa về hàng chờ",
                         validators=[DataRequired("Vui lòng nêu lý do đưa về hàng chờ."), Length(max=500)])


class BulkForm(FlaskForm):
    """One decision for the ticked comments; each box carries "id:version"."""

    items = SelectMultipleField("Bình luận", validate_choice=False)
    action = SelectField("Thao tác với các bình luận đã chọn",
                         choices={"approve": "Duyệt", "reject": "Từ chối", "spam": "Đánh dấu spam"},
                         invalid_choice_message="Thao tác không hợp lệ.")
    reason_code = SelectField("Lý do (khi từ chối)", validate_choice=False)
    note = StringField("Ghi chú (không bắt buộc)", validators=[Length(max=500)])
    next = HiddenField()


class EditorCreateForm(FlaskForm):
    email = EmailField("Email", validators=[DataRequired("Vui lòng nhập email."), Length(max=254)])
    name = StringField("Họ tên", validators=[Length(max=120)])
    role = SelectField("Vai trò", choices={"editor": "Biên tập viên", "admin": "Quản trị"},
                       invalid_choice_message="Vai trò không hợp lệ.")
    password = PasswordField("Mật khẩu", validators=[DataRequired("Vui lòng nhập mật khẩu.")],
                             render_kw={"autocomplete": "new-password"})


class EditorUpdateForm(FlaskForm):
    name = StringField("Họ tên", validators=[Length(max=120)])
    role = SelectField("Vai trò", choices={"editor": "Biên tập viên", "admin": "Quản trị"},
                       invalid_choice_message="Vai trò không hợp lệ.")
    active = BooleanField("Đang hoạt động (bỏ chọn để khóa: mọi phiên và mã API dừng ngay)")


class RevokeTokensForm(FlaskForm):
    """Only the CSRF token: the button is the whole form."""


class PasswordResetForm(FlaskForm):
    password = PasswordField("Mật khẩu mới", validators=[DataRequired("Vui lòng nhập mật khẩu mới.")],
                             render_kw={"autocomplete": "new-password"})
    confirm = PasswordField("Nhập lại mật khẩu mới",
                            validators=[EqualTo("password", "Hai mật khẩu không giống nhau.")],
                            render_kw={"autocomplete": "new-password"})


class ArticleForm(FlaskForm):
    title = StringField("Tiêu đề", validators=[DataRequired("Vui lòng nhập tiêu đề."), Length(max=300)])
    slug = StringField("Đường dẫn (để trống để tạo từ tiêu đề)", validators=[Length(max=120)])
    lead = TextAreaField("Sapo", render_kw={"rows": 3})
    body_html = TextAreaField("Nội dung (HTML)", render_kw={"rows": 12})
    author = StringField("Tác giả", validators=[Length(max=120)])
    image_url = StringField("Ảnh đại diện (URL)", validators=[Length(max=500)])
    image_caption = StringField("Chú thích ảnh", validators=[Length(max=500)])
    comments_open = BooleanField("Mở bình luận")
    require_diacritics = BooleanField("Bắt buộc tiếng Việt có dấu")
    max_attachment_mb = IntegerField("Dung lượng file đính kèm tối đa (MB)",
                                     validators=[DataRequired("Vui lòng nhập giới hạn."),
                                                 NumberRange(min=1, message="Ít nhất 1 MB.")],
                                     invalid_value_message="Vui lòng nhập một số nguyên.")
    max_attachments = IntegerField("Số file mỗi bình luận (0 là không nhận file)",
                                   validators=[NumberRange(min=0, message="Không được âm.")],
                                   invalid_value_message="Vui lòng nhập một số nguyên.")
    allowed_attachment_types = SelectMultipleField("Loại file được gửi", widget=ListWidget(prefix_label=False),
                                                   option_widget=CheckboxInput(),
                                                   invalid_choice_message="Loại file không được hỗ trợ.")
    notice = TextAreaField("Lời nhắn dưới form bình luận (để trống để dùng lời nhắn chung)", render_kw={"rows": 3})


class ReasonForm(FlaskForm):
    code = StringField("Mã (chữ thường không dấu, ví dụ: lac_de)", validators=[Length(max=32)])
    label = StringField("Lý do hiển thị", validators=[DataRequired("Vui lòng nhập nội dung lý do."),
                                                        Length(max=200)])
    note_required = BooleanField("Bắt buộc ghi chú")
    active = BooleanField("Đang dùng", default=True)
    position = IntegerField("Thứ tự", validators=[Optional()], invalid_value_message="Vui lòng nhập một số nguyên.")


class WordListForm(FlaskForm):
    words = TextAreaField("Mỗi dòng một từ hoặc cụm từ", render_kw={"rows": 12, "spellcheck": "false"})


class BlockForm(FlaskForm):
    kind = SelectField("Chặn theo", choices={
        "email": "Email hoặc cả tên miền (@ten-mien.vn)",
        "name": "Tên người gửi",
        "ip": "Địa chỉ IP hoặc dải IP (203.0.113.0/24)",
    })
    value = StringField("Giá trị cần chặn", validators=[DataRequired("Vui lòng nhập giá trị cần chặn."), Length(max=254)])
    note = StringField("Ghi chú (không bắt buộc)", validators=[Length(max=200, message="Ghi chú tối đa 200 ký tự.")])
