from feedback.diffs import word_diff


def changes(before: str, after: str) -> list[tuple[str, str]]:
    return [(c.op, c.text) for c in word_diff(before, after)]


def test_identical_texts_are_one_unchanged_chunk():
    assert changes("Cảm ơn tòa soạn.", "Cảm ơn tòa soạn.") == [("same", "Cảm ơn tòa soạn.")]


def test_a_replaced_word_shows_as_removed_then_added():
    assert changes("Giá xăng tăng quá cao.", "Giá xăng tăng rất cao.") == [
        ("same", "Giá xăng tăng"), ("del", " quá"), ("ins", " rất"), ("same", " cao.")]


def test_words_with_diacritics_stay_whole():
    """Việt and Viet differ as whole words, not as a letter inside a word."""
    assert changes("Viet Nam", "Việt Nam") == [("del", "Viet"), ("ins", "Việt"), ("same", " Nam")]


def test_punctuation_is_its_own_unit():
    assert changes("Đồng ý, rất hay", "Đồng ý. Rất hay") == [
        ("same", "Đồng ý"), ("del", ", rất"), ("ins", ". Rất"), ("same", " hay")]


def test_everything_new_or_removed():
    assert changes("", "Bình luận mới") == [("ins", "Bình luận mới")]
    assert changes("Xóa hết", "") == [("del", "Xóa hết")]


def test_joining_the_chunks_gives_back_both_texts():
    before = "Đề nghị UBND tỉnh  xem xét lại,\nvì dân khổ lắm!!"
    after = "Đề nghị UBND tỉnh xem xét lại,\nvì người dân gặp nhiều khó khăn!"
    chunks = word_diff(before, after)
    assert "".join(c.text for c in chunks if c.op != "ins") == before
    assert "".join(c.text for c in chunks if c.op != "del") == after
