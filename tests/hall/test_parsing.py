import pytest

from hall.parsing import MAX_DATABASE_ID, parse_id


@pytest.mark.parametrize(
    ("text", "expected"),
    [("42", 42), (" 7 ", 7), (42, 42), (str(MAX_DATABASE_ID), MAX_DATABASE_ID)],
)
def test_plain_ascii_numbers_are_ids(text, expected):
    assert parse_id(text) == expected


@pytest.mark.parametrize(
    "text", [None, "", "0", "-3", "²", "٣", "1.5", "abc", "12abc", str(MAX_DATABASE_ID + 1), "9" * 30]
)
def test_anything_else_is_not_an_id(text):
    assert parse_id(text) is None
