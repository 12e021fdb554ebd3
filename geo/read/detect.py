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


# The model ships LZMA-compressed (4.6 MB, 68 MB unpacked): unpacking it was 0.4 of the 0.6 s of CPU
# the identifier took to load, paid by every build that reads a new article (a rebuild that adds one
# to 1,000 took 9 s). Unpacked once, its arrays are kept beside the analysis cache, keyed by the
# shipped file's SHA-256, and read back with their checksum checked.
_MODEL_FORMAT = "briefmap-langid-model"
_MODEL_SCHEMA = 1
MODEL_FILE_NAME = "langid-model.bin"
_ARRAYS = {"ptc": "float16", "pc": "float32", "classes": "<U3", "nextmove": "uint32", "nextmove_row": "uint16",
           "out_feat": "int32"}
_MODEL_MAX_BYTES = 256 * 2 ** 20


@lru_cache(maxsize=2)
def _identifier(folder: str | None = None):
    """The identifier; its unpacked model kept in ``folder`` (None: unpacked from the wheel each time)."""
    from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier

    if folder is None:
        return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    import hashlib
    from pathlib import Path

    shipped = Path(MODEL_DIR) / MODEL_FILE
    key = hashlib.sha256(shipped.read_bytes()).hexdigest()
    path = Path(folder) / MODEL_FILE_NAME
    arrays = _read_model(path, key)
    if arrays is None:
        arrays = _unpack_model(shipped)
        _write_model(path, key, arrays)
    return _from_arrays(LanguageIdentifier, arrays)


def _from_arrays(cls, arrays: dict):
    """The identifier :meth:`LanguageIdentifier.from_model_file` builds, from the model's arrays."""
    import numpy as np
    from py3langid.modelio import _to_array

    return cls(np.asarray(arrays["ptc"]), np.asarray(arrays["pc"]), arrays["classes"].tolist(),
               _to_array(arrays["nextmove"]), arrays["out_feat"].tolist(), norm_probs=True,
               tk_row=_to_array(arrays["nextmove_row"]))


def _unpack_model(shipped) -> dict:
    import io
    import lzma

    import numpy as np

    with lzma.open(shipped) as src, np.load(io.BytesIO(src.read()), allow_pickle=False) as data:
        return {name: data[name] for name in _ARRAYS}


def _read_model(path, key: str) -> dict | None:
    """The kept arrays, or None when the file is missing, another model's, over the limit, of the
    wrong layout or fails its checksum (the model is then unpacked again and the file replaced)."""
    import hashlib
    import json

    import numpy as np

    try:
        with open(path, "rb") as fh:
            raw = fh.read(_MODEL_MAX_BYTES + 1)
        if len(raw) > _MODEL_MAX_BYTES:
            return None
        end = raw.index(b"\n")
        header, body = json.loads(raw[:end]), memoryview(raw)[end + 1:]
        if (type(header) is not dict or header.get("format") != _MODEL_FORMAT
                or header.get("schema") != _MODEL_SCHEMA or header.get("key") != key
                or header.get("sha256") != hashlib.sha256(body).hexdigest()):
            return None
        layout = header.get("arrays")
        if type(layout) is not list or [row[0] for row in layout if type(row) is list] != list(_ARRAYS):
            return None
        arrays, offset = {}, 0
        for name, dtype, shape in layout:
            if dtype != _ARRAYS[name] or type(shape) is not list or not all(type(n) is int and n >= 0 for n in shape):
                return None
            count = int(np.prod(shape, dtype=np.int64))
            size = count * np.dtype(dtype).itemsize
            if offset + size > len(body):
                return None
            arrays[name] = np.frombuffer(body, dtype=dtype, count=count, offset=offset).reshape(shape)
            offset += size
        return arrays if offset == len(body) else None
    except (OSError, ValueError, TypeError, KeyError, RecursionError):
        return None


def _write_model(path, key: str, arrays: dict) -> None:
    import hashlib
    import json

    import numpy as np

    from geo.atomic import atomic_path

    parts = [np.ascontiguousarray(arrays[name]).tobytes() for name in _ARRAYS]
    body = b"".join(parts)
    header = {"format": _MODEL_FORMAT, "schema": _MODEL_SCHEMA, "key": key,
              "sha256": hashlib.sha256(body).hexdigest(),
              "arrays": [[name, _ARRAYS[name], list(arrays[name].shape)] for name in _ARRAYS]}
    try:
        # a first build reads its articles before its analysis cache is made: make it (0700, as that cache)
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        with atomic_path(path, mode=0o600) as tmp:
            tmp.write_bytes(json.dumps(header).encode() + b"\n" + body)
    except OSError:
        pass                                        # the next build unpacks it again


def detect_language(text: str, *, model_cache=None) -> Language:
    """The language of ``text`` (see the module notes for the rules on short and mixed texts).

    ``model_cache``: a folder to keep the unpacked model in between builds (the analysis cache's)."""
    sample = _NOISE.sub(" ", text[:SAMPLE_CHARS * 2])
    sample = re.sub(r"\s+", " ", sample).strip()[:SAMPLE_CHARS]
    if sum(ch.isalpha() for ch in sample) < MIN_LETTERS:
        return Language(UNDETERMINED, 0.0)
    ranked = _identifier(str(model_cache) if model_cache is not None else None).rank(sample)
    code, prob = ranked[0]
    prob = float(prob)
    if code in ANALYSED or prob >= SKIP_CONFIDENCE:
        return Language(str(code), round(prob, 4))
    # Not sure enough to skip the article: the likelier of the languages analysed.
    best = next((c, float(p)) for c, p in ranked if c in ANALYSED)
    return Language(str(best[0]), round(best[1], 4))
