"""Text that XML can hold: characters XML 1.0 forbids become U+FFFD.

Layer titles, article sentences and outlet names come from outside; lxml refuses
a control character with ``ValueError`` (a layer title with an ESC in it once
stopped a build after the map was rendered). Replacing keeps the rest readable
and the document well-formed.

>>> xml_text("a\\x1bb\\x07c\\n")
'a\\ufffdb\\ufffdc\\n'
"""
from __future__ import annotations

import re

_XML_BAD = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_text(value: object) -> str:
    """``value`` as a string every XML 1.0 parser accepts."""
    return _XML_BAD.sub("\ufffd", str(value))
