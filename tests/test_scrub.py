"""Personal data is removed from comments; ordinary text survives."""
import pytest

from collector.scrub import scrub


@pytest.mark.parametrize("text, expected", [
    ("write to jo.bloggs+council@example.co.uk please", "write to [email] please"),
    ("J.O'Neill@mail.gov.uk", "[email]"),
    ("ring 07700 900123", "ring [phone]"),
    ("ring 07700900123", "ring [phone]"),
    ("ring 020 7946 0018 today", "ring [phone] today"),
    ("ring (020) 7946 0018", "ring [phone]"),
    ("ring +44 7700 900123", "ring [phone]"),
    ("ring +44 (0)20 7946 0018", "ring [phone]"),
    ("ring 0044 161 496 0000", "ring [phone]"),
    ("ring 01632 960 001", "ring [phone]"),
    ("my NI is QQ 12 34 56 C", "my NI is QQ 12 34 56 C"),  # QQ is never issued, so it is not an NI number
    ("my NI is AB 12 34 56 C", "my NI is [ni-number]"),
    ("my NI is ab123456c", "my NI is [ni-number]"),
    ("I live at SW1A 1AA", "I live at [postcode]"),
    ("near e15 4bq and M1 1AE", "near [postcode] and [postcode]"),
    ("B338TH", "[postcode]"),
    ("card 4111 1111 1111 1111 exp", "card [card] exp"),
    ("card 4111-1111-1111-1111", "card [card]"),
    ("card 4111111111111111", "card [card]"),
    ("amex 3782 822463 10005", "amex [card]"),
])
def test_personal_data_is_replaced(text, expected):
    assert scrub(text) == expected


@pytest.mark.parametrize("text", [
    "The bin was collected on 12/03/2026 at 7am.",
    "I paid £120.50 for 2 permits in 2025.",
    "Reference 12345 was not found, page 3 of 10.",
    "Great service, thank you! Open 9-5.",
    "Room 101, level 2. Call centre hours 08:00 to 18:00.",
    "Rhoi gwybod am broblem: y bin ailgylchu.",
])
def test_ordinary_text_survives(text):
    assert scrub(text) == text


def test_empty_comments_stay_empty():
    assert scrub(None) is None and scrub("") == ""
