import pytest

from feedback import reasons
from feedback.errors import InvalidDecision
from feedback.extensions import db


def test_the_default_list_is_there_in_order(app, app_ctx):
    assert [(r.code, r.label) for r in reasons.list_reasons()] == [(c, label) for c, label, _ in reasons.DEFAULT_REASONS]


def test_admin_adds_renames_and_retires_reasons(app, app_ctx):
    added = reasons.create_reason("trung_lap", "Trùng lặp với bình luận khác")
    assert reasons.list_reasons()[-1] == added
    reasons.update_reason(added.id, label="Trùng lặp", active=False, note_required=False, position=1)
    assert added not in reasons.list_reasons()
    assert added in reasons.list_reasons(include_retired=True)


@pytest.mark.parametrize("code,label", [("Có Dấu", "Nhãn"), ("x", "Nhãn"), ("spam", "Trùng mã"), ("moi", "  ")])
def test_bad_new_reasons_are_refused(app, app_ctx, code, label):
    with pytest.raises(InvalidDecision):
        reasons.create_reason(code, label)


def test_restoring_defaults_never_overwrites_an_admins_wording(app, app_ctx):
    spam = next(r for r in reasons.list_reasons() if r.code == "spam")
    reasons.update_reason(spam.id, label="Quảng cáo", active=True, note_required=False, position=3)
    assert reasons.ensure_default_reasons() == 0
    db.session.delete(next(r for r in reasons.list_reasons() if r.code == "other"))
    assert reasons.ensure_default_reasons() == 1
    assert spam.label == "Quảng cáo"
