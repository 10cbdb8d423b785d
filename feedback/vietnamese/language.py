"""Which language a comment's words are in, by lingua's statistical models: the diacritics check's second
opinion when the syllables alone cannot tell a short foreign sentence from Vietnamese."""
from lingua import Language, LanguageDetectorBuilder

# Vietnamese and the Latin-script languages readers of a Vietnamese paper write in. Other scripts (Chinese,
# Thai, Korean...) are told apart by their letters before the detector is asked. Each language costs memory,
# so only these are loaded (about 21 MB in low-accuracy mode; all 75 would cost several hundred).
LANGUAGES = (
    Language.VIETNAMESE, Language.ENGLISH, Language.FRENCH, Language.SPANISH, Language.PORTUGUESE,
    Language.ITALIAN, Language.GERMAN, Language.DUTCH, Language.INDONESIAN, Language.MALAY, Language.TAGALOG,
)
# Built, and its models loaded, when the package is imported: the app factory imports it, so gunicorn with
# --preload builds it once in the master and the workers share its pages after fork; without --preload each
# worker builds its own at start-up, never during a request. Low-accuracy mode (trigrams only) is the cheap
# one; it only has to confirm what the syllable counts already suspect. The models are loaded by one detection
# rather than by the builder's preloading, which starts a thread pool: threads must not exist when a server
# forks, and one plain ASCII text makes every Latin-script model load, in this thread.
_DETECTOR = LanguageDetectorBuilder.from_languages(*LANGUAGES).with_low_accuracy_mode().build()
_DETECTOR.compute_language_confidence_values("models load here")
# Below this confidence in Vietnamese the words are taken to be foreign. The detector is not trusted the other
# way: it often calls toneless or short marked Vietnamese Italian or Dutch, so it is only asked about words
# that already look foreign, and never overrules marks that only Vietnamese uses.
VIETNAMESE_DOUBT = 0.25


def vietnamese_confidence(words: list[str]) -> float:
    """How sure the detector is (0 to 1, against the other LANGUAGES) that these words are Vietnamese."""
    values = _DETECTOR.compute_language_confidence_values(" ".join(words))
    return next((v.value for v in values if v.language == Language.VIETNAMESE), 0.0)


def looks_foreign(words: list[str]) -> bool:
    """The words read as one of the other languages rather than as Vietnamese."""
    return vietnamese_confidence(words) < VIETNAMESE_DOUBT
