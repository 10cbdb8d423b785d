import pytest

from feedback import abuse
from feedback.extensions import db
from feedback.models import MatchLevel, WordListKind


def saved(kind: str) -> list[tuple[str, MatchLevel]]:
    return [(entry.word, entry.level) for entry in abuse.list_entries(WordListKind(kind))]


def test_replacing_a_list_normalizes_words_and_gives_each_its_level(app, app_ctx):
    abuse.replace_words(WordListKind.BANNED, ["  VCL ", "Lo\u0302\u0300n", "", "vcl", "vclll"])
    db.session.commit()
    assert saved("banned") == [("lồn", MatchLevel.EXACT), ("vcl", MatchLevel.SKELETON)]


def test_replacing_keeps_remaining_rows_and_drops_the_rest(app, app_ctx):
    abuse.replace_words(WordListKind.WATCHED, ["ngu", "óc chó"])
    db.session.commit()
    kept_id = abuse.list_entries(WordListKind.WATCHED)[0].id
    abuse.replace_words(WordListKind.WATCHED, ["ngu", "mất dạy"])
    db.session.commit()
    assert saved("watched") == [("mất dạy", MatchLevel.EXACT), ("ngu", MatchLevel.EXACT)]
    assert kept_id in [entry.id for entry in abuse.list_entries(WordListKind.WATCHED)]
    assert saved("banned") == []


def test_entries_that_cannot_be_matched_are_refused_all_at_once(app, app_ctx):
    with pytest.raises(abuse.WordListError) as exc_info:
        abuse.replace_words(WordListKind.BANNED, ["!!!", "một hai ba bốn năm sáu bảy", "vcl"])
    assert "“!!!” không có chữ cái nào" in exc_info.value.message
    assert "quá dài" in exc_info.value.message
