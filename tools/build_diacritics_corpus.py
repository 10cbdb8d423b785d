"""Rebuild tests/data/diacritics_corpus.jsonl from the hand-written sources in tests/data/sources/.

Run from the repository root: python tools/build_diacritics_corpus.py
Variants (stripped, Telex/VNI/VIQR keystrokes, NFD, TCVN3 and VNI-Windows mojibake) are derived here with
encoders of their own, so the corpus does not depend on the decoders it tests. TCVN3 uses glibc iconv.
"""
import json
import re
import subprocess
import unicodedata as ud
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "tests" / "data" / "sources"
OUT = ROOT / "tests" / "data" / "diacritics_corpus.jsonl"
SPLITS = ("dev", "check", "everyday", "fresh")

TONES = {"\u0301": 1, "\u0300": 2, "\u0309": 3, "\u0303": 4, "\u0323": 5}
SHAPES = {"\u0302": "hat", "\u0306": "breve", "\u031b": "horn"}
TELEX_TONE = " sfrxj"
VIQR_TONE = " '`?~."
WORD = re.compile(r"[^\W\d_]+")


def read_lines(name: str) -> list[str]:
    path = SOURCES / name
    if not path.exists():
        return []
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line.replace("\\n", "\n") for line in lines if line.strip() and not line.startswith("#")]


def letters(word: str) -> list[tuple[str, str | None, int]]:
    """(base letter, shape mark, tone) per letter of an NFC word."""
    out = []
    for ch in word:
        parts = ud.normalize("NFD", ch)
        base = parts[0]
        shape = next((SHAPES[m] for m in parts[1:] if m in SHAPES), None)
        tone = next((TONES[m] for m in parts[1:] if m in TONES), 0)
        if ch in "đĐ":
            base, shape = ("d" if ch == "đ" else "D"), "stroke"
        out.append((base, shape, tone))
    return out


def strip_marks(text: str) -> str:
    stripped = "".join(c for c in ud.normalize("NFD", text) if not ud.combining(c))
    return ud.normalize("NFC", stripped.replace("đ", "d").replace("Đ", "D"))


def encode_words(text: str, encode_word) -> str:
    return WORD.sub(lambda m: encode_word(m.group(0)), text)


def telex_word(word: str, tone_at_end: bool, short_uow: bool) -> str:
    keys, tone_key = [], ""
    for base, shape, tone in letters(word):
        key = base
        if shape == "hat":
            key = base + base.lower()
        elif shape in ("breve", "horn"):
            key = base + "w"
        elif shape == "stroke":
            key = base + "d"
        if tone:
            tone_key = TELEX_TONE[tone]
            if not tone_at_end:
                key += tone_key
        keys.append(key)
    typed = "".join(keys)
    if short_uow:
        typed = typed.replace("uwow", "uow").replace("UWOW", "UOW")
    return typed + (tone_key if tone_at_end and tone_key else "")


def vni_word(word: str, tone_at_end: bool) -> str:
    digits = {"hat": "6", "breve": "8", "horn": "7", "stroke": "9"}
    keys, tone_key = [], ""
    for base, shape, tone in letters(word):
        key = base + digits.get(shape, "")
        if tone:
            tone_key = str(tone)
            if not tone_at_end:
                key += tone_key
        keys.append(key)
    return "".join(keys) + (tone_key if tone_at_end and tone_key else "")


def viqr_word(word: str) -> str:
    marks = {"hat": "^", "breve": "(", "horn": "+"}
    out = []
    for base, shape, tone in letters(word):
        if shape == "stroke":
            out.append(base + base.lower())
            continue
        out.append(base + marks.get(shape, "") + (VIQR_TONE[tone] if tone else ""))
    return "".join(out)


def to_cp1252_text(data: bytes) -> str:
    return "".join(bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in data)


VIETNAMESE_LETTERS = [
    ud.normalize("NFC", base + mark)
    for base in "aăâeêioôơuưyAĂÂEÊIOÔƠUƯY"
    for mark in ("", *TONES)
] + ["đ", "Đ"]


def tcvn3_table() -> dict[str, str]:
    """Each Vietnamese letter as TCVN3 bytes read as Windows-1252 (glibc iconv, one call per letter)."""
    table = {}
    for letter in VIETNAMESE_LETTERS:
        result = subprocess.run(["iconv", "-f", "UTF-8", "-t", "TCVN5712-1"], input=letter.encode(), capture_output=True)
        if result.returncode == 0:
            table[letter] = to_cp1252_text(result.stdout)
    return table


TCVN3_TABLE: dict[str, str] = {}


def tcvn3_mojibake(text: str) -> str:
    if not TCVN3_TABLE:
        TCVN3_TABLE.update(tcvn3_table())

    # TCVN3 fonts had no upper-case toned letters (those came from separate "H" fonts): lower them first.
    def vn3(ch: str) -> str:
        if ch.isupper() and any(m in TONES for m in ud.normalize("NFD", ch)):
            ch = ch.lower()
        return ch if ch.isascii() else TCVN3_TABLE.get(ch, ch)

    return "".join(vn3(c) for c in text)


VNI_TONE_BYTES = {1: "ù", 2: "ø", 3: "û", 4: "õ", 5: "ï"}
VNI_HAT_BYTES = {0: "â", 1: "á", 2: "à", 3: "å", 4: "ã", 5: "ä"}
VNI_BREVE_BYTES = {0: "ê", 1: "é", 2: "è", 3: "ú", 4: "ü", 5: "ë"}
VNI_I_BYTES = {1: "í", 2: "ì", 3: "æ", 4: "ó", 5: "ò"}


def vni_windows_char(ch: str) -> str:
    ((base, shape, tone),) = letters(ch)
    upper = base.isupper()
    low = base.lower()
    if shape == "stroke":
        out = "ñ"
    elif low == "i" and tone:
        out = VNI_I_BYTES[tone]
    elif low == "y" and tone == 5:
        out = "î"
    elif shape == "horn":
        out = {"o": "ô", "u": "ö"}[low] + (VNI_TONE_BYTES[tone] if tone else "")
    elif shape == "hat":
        out = low + VNI_HAT_BYTES[tone]
    elif shape == "breve":
        out = low + VNI_BREVE_BYTES[tone]
    else:
        out = low + (VNI_TONE_BYTES[tone] if tone else "")
    return out.upper() if upper else out


def vni_windows_mojibake(text: str) -> str:
    return "".join(vni_windows_char(c) if c.isalpha() and not c.isascii() else c for c in text)


def nfd_variant(text: str, index: int) -> str:
    if index % 2 == 0:
        return ud.normalize("NFD", text)
    # The legacy Windows keyboard: precomposed letter plus a combining tone (neither NFC nor NFD).
    out = []
    for ch in text:
        parts = ud.normalize("NFD", ch)
        tones = [m for m in parts if m in TONES]
        base = ud.normalize("NFC", "".join(m for m in parts if m not in TONES))
        out.append(base + "".join(tones))
    return "".join(out)


def marked_records(text: str, split: str, number: int) -> list[dict]:
    ident = f"vi-{split}-{number:03d}"
    records = [{"id": ident, "text": text, "label": "ok", "kind": "marked", "split": split}]
    stripped = strip_marks(text)
    if stripped != text:
        records.append({"id": ident, "text": stripped, "label": "missing_diacritics", "kind": "stripped", "split": split})
    variants = {
        0: ("telex", lambda t: encode_words(t, lambda w: telex_word(w, number % 8 == 0, number % 3 == 0))),
        1: ("vni", lambda t: encode_words(t, lambda w: vni_word(w, number % 2 == 1))),
        2: ("viqr", lambda t: encode_words(t, viqr_word)),
        3: ("nfd", lambda t: nfd_variant(t, number)),
        4: ("tcvn3", tcvn3_mojibake),
        5: ("vni-windows", vni_windows_mojibake),
    }
    kind, make = variants[number % 6]
    variant = make(text)
    if variant != text and (kind == "nfd" or stripped != text):
        label = "ok" if kind == "nfd" else "missing_diacritics"
        records.append({"id": ident, "text": variant, "label": label, "kind": kind, "split": split, "expected": text})
    return records


def build() -> list[dict]:
    records: list[dict] = []
    for split in SPLITS:
        for number, text in enumerate(read_lines(f"vi_{split}.txt"), start=1):
            records += marked_records(text, split, number)
        for number, line in enumerate(read_lines(f"foreign_{split}.txt"), start=1):
            language, text = line.split("\t", 1)
            ident = f"foreign-{split}-{number:03d}"
            records.append({"id": ident, "text": text, "label": "not_vietnamese", "kind": f"foreign-{language}", "split": split})
        for number, line in enumerate(read_lines(f"edge_{split}.txt"), start=1):
            label, kind, text = line.split("\t", 2)
            records.append({"id": f"edge-{split}-{number:03d}", "text": text, "label": label, "kind": kind, "split": split})
    return records


def main() -> None:
    records = build()
    with OUT.open("w", encoding="utf-8") as out:
        for record in records:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    print(f"{len(records)} comments -> {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
