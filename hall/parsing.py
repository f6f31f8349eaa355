"""Reading numbers that users type into URLs and forms, without surprises.

`str.isdigit()` is true for "²" and "٣", and a 30-digit number overflows the database's
integer; both used to turn a bad query string into a 500.
"""

MAX_DATABASE_ID = 2**63 - 1


def parse_id(value):
    """A database id from user input, or None when the text is not one."""
    text = str(value if value is not None else "").strip()
    if not (text.isascii() and text.isdigit()):
        return None
    number = int(text)
    return number if 0 < number <= MAX_DATABASE_ID else None
