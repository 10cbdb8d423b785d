"""Pure Vietnamese text rules: normalization, matching keys, slugs and the diacritics check."""
from .diacritics import DiacriticsVerdict, check_diacritics, diacritics_message
from .normalize import fold, has_marks, normalize, slugify

__all__ = [
    "DiacriticsVerdict",
    "check_diacritics",
    "diacritics_message",
    "fold",
    "has_marks",
    "normalize",
    "slugify",
]
