"""Admin pages under /kiem-duyet/quan-tri: the banned and watched word lists, and the blocklist."""
from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_login import current_user

from .. import abuse
from ..extensions import db
from ..models import BlockKind, CommentFlag, WordListKind
from .auth import admin_required
from .forms import BlockForm, WordListForm

bp = Blueprint("abuse", __name__, url_prefix="/kiem-duyet/quan-tri")

LIST_KINDS = "any(banned, watched)"
LIST_TITLES = {WordListKind.BANNED: "Từ cấm", WordListKind.WATCHED: "Từ cần xem kỹ"}


@bp.app_template_filter("flag_text")
def flag_text(flag: CommentFlag) -> str:
    return abuse.describe(flag.code, flag.detail)


@bp.get("/tu-khoa")
@admin_required
def wordlists():
    return render_wordlists({})


@bp.post(f"/tu-khoa/<{LIST_KINDS}:kind>")
@admin_required
def save_wordlist(kind: str):
    list_kind = WordListKind(kind)
    form = WordListForm(prefix=kind)
    if not form.validate_on_submit():
        abort(400)
    try:
        entries = abuse.replace_words(list_kind, (form.words.data or "").splitlines())
    except abuse.WordListError as exc:
        db.session.rollback()
        form.words.errors = [exc.message]
        return render_wordlists({list_kind: form}), 422
    db.session.commit()
    flash(f"Đã lưu danh sách {LIST_TITLES[list_kind].lower()}: {len(entries)} mục.", "success")
    return redirect(url_for("abuse.wordlists"), code=303)


def render_wordlists(sent: dict):
    """Both lists; a list the admin just sent with a mistake keeps their text."""
    lists = []
    for kind in WordListKind:
        entries = abuse.list_entries(kind)
        form = sent.get(kind) or WordListForm(formdata=None, prefix=kind.value,
                                              words="\n".join(entry.word for entry in entries))
        lists.append({"kind": kind.value, "title": LIST_TITLES[kind], "entries": entries, "form": form})
    return render_template("abuse/wordlists.html", lists=lists)


@bp.get("/chan")
@admin_required
def blocklist():
    return render_template("abuse/blocklist.html", blocks=abuse.list_blocks(), form=BlockForm(formdata=None))


@bp.post("/chan")
@admin_required
def add_block():
    form = BlockForm()
    if form.validate_on_submit():
        try:
            block = abuse.add_block(BlockKind(form.kind.data), form.value.data, note=form.note.data or "",
                                    editor_id=current_user.id)
        except abuse.BlocklistError as exc:
            db.session.rollback()
            form.value.errors = [exc.message]
        else:
            db.session.commit()
            flash(f"Đã chặn {block.value}.", "success")
            return redirect(url_for("abuse.blocklist"), code=303)
    return render_template("abuse/blocklist.html", blocks=abuse.list_blocks(), form=form), 422


@bp.post("/chan/<int:block_id>/xoa")
@admin_required
def remove_block(block_id: int):
    # CSRFProtect has checked the token of this bare form before the view runs.
    abuse.remove_block(block_id)
    db.session.commit()
    flash("Đã bỏ chặn.", "success")
    return redirect(url_for("abuse.blocklist"), code=303)
