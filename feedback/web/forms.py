"""Flask-WTF forms: the shape of each field and CSRF. The domain decides what the text means."""
from flask_wtf import FlaskForm
from flask_wtf.file import MultipleFileField
from wtforms import BooleanField, EmailField, HiddenField, PasswordField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length
from wtforms.widgets import FileInput


class CommentForm(FlaskForm):
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


class ApproveForm(FlaskForm):
    version = HiddenField(validators=[DataRequired()])
    body = TextAreaField("Nội dung sẽ đăng", render_kw={"rows": 6})
    publish_attachments = BooleanField("Đăng kèm file đính kèm", default=True)


class RejectForm(FlaskForm):
    version = HiddenField(validators=[DataRequired()])
    reason = StringField(
        "Lý do từ chối",
        validators=[DataRequired("Vui lòng nêu lý do từ chối."), Length(max=500)],
    )


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
