"""The rules for one channel-cost entry: a number of contacts and a total cost in pounds.

The costs form and the costs CSV both check each entry here, so a value
that one refuses the other refuses too, with the same words. ``subject``
names the value in a message: "Phone contacts" on the form, "contacts" in
a CSV line report.
"""
import re
from decimal import Decimal

CHANNELS = ("web", "phone", "face_to_face", "email")
MAX_CONTACTS = 1_000_000_000
MAX_COST = Decimal(10_000_000_000)  # £10bn: far above any council's spend; catches a misplaced decimal point
# Plain decimal notation only: no exponents, NaN or underscores, which Decimal() would accept.
AMOUNT = re.compile(r"-?(\d+(\.\d*)?|\.\d+)")


def _plain(text: str) -> str:
    """What people type around a number and mean nothing by: spaces, thousands commas, a pound sign."""
    return (text or "").strip().replace(",", "").replace(" ", "").removeprefix("£")


def parse_contacts(text: str, subject: str) -> tuple[int | None, str | None]:
    """(whole number, None), (None, None) when blank, or (None, message)."""
    value = _plain(text)
    if not value:
        return None, None
    if value.startswith("-") and value[1:].isdigit():
        return None, f"{subject} must be 0 or more"
    if not value.isdigit():
        return None, f"{subject} must be a whole number, such as 12500"
    if int(value) > MAX_CONTACTS:
        return None, f"{subject} must be {MAX_CONTACTS:,} or fewer"
    return int(value), None


def parse_cost(text: str, subject: str) -> tuple[float | None, str | None]:
    """(pounds, None), (None, None) when blank, or (None, message). Pence at most: 12500.50, not 12500.505."""
    value = _plain(text)
    if not value:
        return None, None
    if not AMOUNT.fullmatch(value):
        return None, f"{subject} must be an amount in pounds, such as 12500 or 12500.50"
    amount = Decimal(value)
    if amount < 0:
        return None, f"{subject} must be £0 or more"
    if amount.as_tuple().exponent < -2:
        return None, f"{subject} must have no more than 2 decimal places (pounds and pence)"
    if amount > MAX_COST:
        return None, f"{subject} must be £{MAX_COST:,} or less"
    return float(amount), None


def check_pair(contacts, cost, *, contacts_subject: str, web_visits: int | None = None):
    """The rules that join the two values; returns (contacts to store, message about contacts or None).

    A cost needs contacts to divide it by. Web contacts left blank default to the visits counted for the
    period (``web_visits``), stored with the cost so its cost per contact stays what was entered.
    """
    if cost is None:
        return contacts, None
    if contacts is None and web_visits:
        return web_visits, None
    if contacts is None:
        extra = ": no web visits were counted in this period" if web_visits is not None else ""
        return None, f"Enter {contacts_subject[:1].lower() + contacts_subject[1:]} as well as the cost{extra}"
    if contacts == 0:
        return None, f"{contacts_subject} must be more than 0 when a cost is entered"
    return contacts, None
