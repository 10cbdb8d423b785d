"""Word lists, blocklist and reject reasons are built once per change, and every change reaches every server."""
import pytest
from flask_migrate import upgrade
from sqlalchemy import event

from feedback import abuse, comments, create_app, list_versions, reasons
from feedback.abuse import BotSignals
from feedback.comments import CommentDraft, TextLimits
from feedback.errors import InvalidDecision
from feedback.extensions import db
from feedback.models import BlockKind, CommentStatus, WordListKind

from .factories import make_article

LIMITS = TextLimits(max_length=3000, name_max_length=80)
FRUIT = "Hôm nay chợ bán dưa hấu ngon, giá rẻ hơn tuần trước nhiều lắm."
_sent = iter(range(1, 10_000))


def submit(app, text: str = FRUIT, *, ip: str = "203.0.113.5"):
    """A new sender each time, so only the lists decide."""
    n = next(_sent)
    article = make_article()
    draft = CommentDraft(f"Bạn đọc {n}", f"ban{n}@example.com", f"{text} Lần {n}.")
    return comments.submit_comment(article.id, draft, limits=LIMITS, storage=app.extensions["feedback.storage"],
                                   ip=ip, signals=BotSignals(form_age=60.0))


def versions() -> dict[str, int]:
    return list_versions.current_versions(db.session)


@pytest.mark.parametrize("edit,moved", [
    (lambda: abuse.replace_words(WordListKind.BANNED, ["dưa hấu"]), "wordlists"),
    (lambda: abuse.add_block(BlockKind.EMAIL, "@rac.example"), "blocklist"),
    (lambda: reasons.create_reason("trung_lap", "Trùng lặp"), "reasons"),
])
def test_each_edit_moves_its_lists_version_and_no_other(app, app_ctx, edit, moved):
    before = versions()
    edit()
    db.session.commit()
    after = versions()
    assert after[moved] != before[moved]
    assert {name: v for name, v in after.items() if name != moved} == \
        {name: v for name, v in before.items() if name != moved}


def test_every_kind_of_change_moves_the_version(app, app_ctx):
    block = abuse.add_block(BlockKind.IP, "198.51.100.0/24")
    db.session.commit()
    seen = [versions()["blocklist"]]
    abuse.remove_block(block.id)
    db.session.commit()
    seen.append(versions()["blocklist"])
    reason = reasons.create_reason("trung_lap", "Trùng lặp")
    db.session.commit()
    seen.append(versions()["reasons"])
    reasons.update_reason(reason.id, label="Trùng lặp", active=False, note_required=False, position=1)
    db.session.commit()
    seen.append(versions()["reasons"])
    assert seen[0] != seen[1] and seen[2] != seen[3]


def test_edited_word_list_applies_to_the_next_comment(app, app_ctx):
    assert submit(app).status == CommentStatus.PENDING  # the matchers are built and kept
    abuse.replace_words(WordListKind.BANNED, ["dưa hấu"])
    db.session.commit()
    assert submit(app).status == CommentStatus.SPAM
    abuse.replace_words(WordListKind.BANNED, [])
    db.session.commit()
    assert submit(app).status == CommentStatus.PENDING


def test_edited_blocklist_applies_to_the_next_comment(app, app_ctx):
    assert submit(app, ip="198.51.100.9").status == CommentStatus.PENDING
    block = abuse.add_block(BlockKind.IP, "198.51.100.0/24")
    db.session.commit()
    assert submit(app, ip="198.51.100.9").status == CommentStatus.SPAM
    abuse.remove_block(block.id)
    db.session.commit()
    assert submit(app, ip="198.51.100.9").status == CommentStatus.PENDING


def test_edited_reasons_apply_to_the_next_rejection(app, app_ctx):
    with pytest.raises(InvalidDecision):
        reasons.choose_reason("trung_lap")
    reason = reasons.create_reason("trung_lap", "Trùng lặp")
    db.session.commit()
    assert reasons.choose_reason("trung_lap").text == "Trùng lặp"
    reasons.update_reason(reason.id, label="Trùng lặp", active=False, note_required=False, position=1)
    db.session.commit()
    with pytest.raises(InvalidDecision):
        reasons.choose_reason("trung_lap")


def test_an_edit_rolled_back_never_reaches_the_kept_lists(app, app_ctx):
    abuse.replace_words(WordListKind.BANNED, ["dưa hấu"])
    assert "dưa hấu" in [e.word for e in abuse.guard.load_matchers()[WordListKind.BANNED].find(
        abuse.matching.text_tokens(FRUIT))]
    db.session.rollback()
    assert submit(app).status == CommentStatus.PENDING


@pytest.fixture
def two_servers(tmp_path):
    """Two app instances on one database file, as two gunicorn servers share PostgreSQL."""
    config = {"ENV": "testing", "SECRET_KEY": "test-secret", "DATABASE_URL": f"sqlite:///{tmp_path / 'shared.db'}",
              "UPLOAD_DIR": str(tmp_path / "uploads"), "RATELIMIT_ENABLED": False}
    apps = create_app(config), create_app(config)
    with apps[0].app_context():
        upgrade()
    yield apps
    for app in apps:
        with app.app_context():
            db.engine.dispose()


def test_an_admins_edit_on_one_server_applies_on_the_other_at_once(two_servers):
    editing, serving = two_servers
    with serving.app_context():
        assert submit(serving, ip="198.51.100.9").status == CommentStatus.PENDING
        with pytest.raises(InvalidDecision):
            reasons.choose_reason("trung_lap")
    with editing.app_context():
        abuse.replace_words(WordListKind.BANNED, ["dưa hấu"])
        db.session.commit()
    with serving.app_context():
        assert submit(serving, ip="203.0.113.5").status == CommentStatus.SPAM
    with editing.app_context():
        abuse.replace_words(WordListKind.BANNED, [])
        abuse.add_block(BlockKind.IP, "198.51.100.0/24")
        reasons.create_reason("trung_lap", "Trùng lặp")
        db.session.commit()
    with serving.app_context():
        assert submit(serving, ip="203.0.113.5").status == CommentStatus.PENDING
        assert submit(serving, ip="198.51.100.9").status == CommentStatus.SPAM
        assert reasons.choose_reason("trung_lap").text == "Trùng lặp"


def test_submitting_costs_the_same_queries_with_2_or_200_listed_words(app, app_ctx):
    def statements_per_comment(words: int) -> list[int]:
        abuse.replace_words(WordListKind.WATCHED, [f"từ khóa {n}" for n in range(words)])
        db.session.commit()
        counts = []
        for _ in range(3):  # the first comment after the edit builds the matchers, the rest reuse them
            article_id = make_article().id
            db.session.commit()
            n = next(_sent)
            draft = CommentDraft(f"Bạn đọc {n}", f"ban{n}@example.com", f"{FRUIT} Lần {n}.")
            statements = []
            listener = lambda *args: statements.append(args[2])  # noqa: E731
            event.listen(db.engine, "before_cursor_execute", listener)
            try:
                comments.submit_comment(article_id, draft, limits=LIMITS, storage=app.extensions["feedback.storage"],
                                        ip=f"198.51.100.{n % 250}")
            finally:
                event.remove(db.engine, "before_cursor_execute", listener)
            counts.append(len(statements))
        return counts

    submit(app)  # the blocklist is built and kept
    few, many = statements_per_comment(2), statements_per_comment(200)
    assert few == many
    # The article, the history with the list versions, the comment, its one flag (first comment); after an edit,
    # one more to rebuild the word lists.
    assert few == [5, 4, 4]
