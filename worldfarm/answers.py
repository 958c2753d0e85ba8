"""Matching expected answers in an agent's final message, forgiving case, spacing and number format.

``"$1,250.50"``, ``"1250.5"`` and ``"1 250.50 USD"`` all contain the number 1250.5; ``"Room 12"``
matches ``"room  12"``. A number must match a whole number in the message: ``12`` is not found in
``"120"``.
"""

from __future__ import annotations

import re
import unicodedata

_NUMBER = re.compile(r"(?<![\w.])[-+]?(?:\d{1,3}(?:[, ]\d{3})+|\d+)(?:\.\d+)?(?![\w])")


def normalize(text: str) -> str:
    """Lower-cased, accents folded, numbers canonical, punctuation spaced out, whitespace collapsed."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    text = _NUMBER.sub(lambda m: _canonical_number(m.group(0)), text)
    text = re.sub(r"[^\w.\-+@]+", " ", text)
    text = re.sub(r"(?<!\d)\.|\.(?!\d)", " ", text)
    return " ".join(text.split())


def contains(message: str, expected: str) -> bool:
    """Whether ``message`` contains ``expected`` as whole words after normalizing both."""
    needle, haystack = normalize(expected), normalize(message)
    if not needle:
        return False
    return re.search(rf"(?<![\w.]){re.escape(needle)}(?![\w]|\.\d)", haystack) is not None


def _canonical_number(text: str) -> str:
    digits = re.sub(r"[, ]", "", text)
    if "." in digits:
        digits = digits.rstrip("0").rstrip(".")
    sign = "-" if digits.startswith("-") else ""
    digits = digits.lstrip("+-").lstrip("0") or "0"
    if digits.startswith("."):
        digits = "0" + digits
    return sign + digits
