"""Which language an article is written in, and whether briefmap can analyse it.

The detector is ``py3langid`` (a maintained fork of langid.py: a naive Bayes
model over byte n-grams, 97 languages, shipped inside the wheel). Chosen over
the alternatives for two reasons measured or read here:

* determinism: the same text always gets the same answer (``langdetect`` draws
  random samples and needs a fixed seed to agree with itself; ``py3langid``
  has no randomness at all);
* speed and size: about 0.1-0.5 ms an article after a one-off 2.2 s model load
  (measured on this machine), no native extension beyond numpy; ``lingua``'s
  high-accuracy mode is more accurate on single sentences but loads hundreds
  of megabytes for all its languages, and an article is many sentences.

Only the text's letters are looked at (URLs, numbers and e-mail addresses
removed), at most :data:`SAMPLE_CHARS` of them. A text with fewer than
:data:`MIN_LETTERS` letters is too short to tell and is read as English (the
default analysis), marked ``und`` on the document.

Example
-------
>>> detect_language("Los ministros se reunieron el lunes en La Habana para firmar el acuerdo portuario.").code
'es'
>>> detect_language("Officials met in Havana on Monday to sign the new port agreement with China.").code
'en'
>>> detect_language("Talks in Havana.").code        # too short to tell: read as English
'und'
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

# Languages the analysis handles: English fully; Spanish through the gazetteer's
# Spanish and alternate names (geo.language.mentions, language="es"), claims kept verbatim.
ANALYSED = {"en": "English", "es": "Spanish"}
UNDETERMINED = "und"
SAMPLE_CHARS = 6000
MIN_LETTERS = 60
# Below this probability the top answer is not trusted to skip an article: a
# short English text dense with foreign names ("Lopez Miera met Shoigu") can
# score French. Such a text falls back to the best analysed language.
SKIP_CONFIDENCE = 0.9

# Names of the languages py3langid reports, for messages ("written in French (fr)").
NAMES = {
    "af": "Afrikaans", "ar": "Arabic", "az": "Azerbaijani", "be": "Belarusian", "bg": "Bulgarian", "bn": "Bengali",
    "bs": "Bosnian", "ca": "Catalan", "cs": "Czech", "cy": "Welsh", "da": "Danish", "de": "German", "el": "Greek",
    "en": "English", "eo": "Esperanto", "es": "Spanish", "et": "Estonian", "eu": "Basque", "fa": "Persian",
    "fi": "Finnish", "fr": "French", "ga": "Irish", "gl": "Galician", "he": "Hebrew", "hi": "Hindi", "hr": "Croatian",
    "hu": "Hungarian", "hy": "Armenian", "id": "Indonesian", "is": "Icelandic", "it": "Italian", "ja": "Japanese",
    "ka": "Georgian", "kk": "Kazakh", "km": "Khmer", "ko": "Korean", "ky": "Kyrgyz", "lo": "Lao", "lt": "Lithuanian",
    "lv": "Latvian", "mk": "Macedonian", "mn": "Mongolian", "ms": "Malay", "mt": "Maltese", "my": "Burmese",
    "ne": "Nepali", "nl": "Dutch", "no": "Norwegian", "pl": "Polish", "ps": "Pashto", "pt": "Portuguese",
    "ro": "Romanian", "ru": "Russian", "si": "Sinhala", "sk": "Slovak", "sl": "Slovenian", "sq": "Albanian",
    "sr": "Serbian", "sv": "Swedish", "sw": "Swahili", "ta": "Tamil", "th": "Thai", "tl": "Tagalog", "tr": "Turkish",
    "uk": "Ukrainian", "ur": "Urdu", "uz": "Uzbek", "vi": "Vietnamese", "zh": "Chinese",
}

_NOISE = re.compile(r"https?://\S+|www\.\S+|\S+@\S+|[\d_]+")


@dataclass(frozen=True)
class Language:
    code: str                    # ISO 639-1 ("en", "es", "fr") or "und"
    confidence: float            # the detector's probability for it, 0-1

    @property
    def name(self) -> str:
        return NAMES.get(self.code, self.code)

    @property
    def analysed(self) -> bool:
        return self.code in ANALYSED or self.code == UNDETERMINED


@lru_cache(maxsize=1)
def _identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect_language(text: str) -> Language:
    """The language of ``text`` (see the module notes for the rules on short and mixed texts)."""
    sample = _NOISE.sub(" ", text[:SAMPLE_CHARS * 2])
    sample = re.sub(r"\s+", " ", sample).strip()[:SAMPLE_CHARS]
    if sum(ch.isalpha() for ch in sample) < MIN_LETTERS:
        return Language(UNDETERMINED, 0.0)
    ranked = _identifier().rank(sample)
    code, prob = ranked[0]
    prob = float(prob)
    if code in ANALYSED or prob >= SKIP_CONFIDENCE:
        return Language(str(code), round(prob, 4))
    # Not sure enough to skip the article: the likelier of the languages analysed.
    best = next((c, float(p)) for c, p in ranked if c in ANALYSED)
    return Language(str(best[0]), round(best[1], 4))
