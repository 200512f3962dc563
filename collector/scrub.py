"""Remove personal data from free-text comments before they are stored.

Order matters: card-like digit runs are replaced before phone numbers, so a
16-digit card is not half-read as a phone number, and emails go first so
their digits are not mistaken for anything else.
"""
import re

_PATTERNS = [
    ("[email]", re.compile(r"[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")),
    # 13 to 19 digits, optionally grouped by spaces or hyphens: payment cards (which never start with 0,
    # unlike 0044... phone numbers).
    ("[card]", re.compile(r"(?<![\w+])[1-9](?:[ -]?\d){12,18}(?!\w)")),
    # Two prefix letters (D, F, I, Q, U, V never used; O not second), six digits, suffix A-D.
    ("[ni-number]", re.compile(
        r"\b[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z] ?\d{2} ?\d{2} ?\d{2} ?[A-D]\b", re.IGNORECASE)),
    # UK numbers: 0 or +44/0044 (with an optional (0)), then 9 or 10 digits with spaces, hyphens
    # or brackets between them.
    ("[phone]", re.compile(
        r"(?<![\w+])(?:(?:\+|00)44[ -]?(?:\(0\)[ -]?)?|\(?0)\d(?:[ ()-]{0,2}\d){8,9}(?!\w)")),
    ("[postcode]", re.compile(
        r"\b(?:GIR ?0AA|[A-PR-UWYZ][A-HK-Y]?\d[A-Z\d]? ?\d[ABD-HJLNP-UW-Z]{2})\b", re.IGNORECASE)),
]


_DIGIT = re.compile(r"\d")


def scrub(text: str | None) -> str | None:
    """Return the text with emails, phones, NI numbers, postcodes and cards replaced by placeholders."""
    # Every pattern but the email's needs a digit: most paths and many comments have neither.
    if not text or ("@" not in text and not _DIGIT.search(text)):
        return text
    for placeholder, pattern in _PATTERNS:
        text = pattern.sub(placeholder, text)
    return text
