"""Stored files: names every file system accepts, and replacements that never lose a file.

- `HallFileSystemStorage` (the default storage) normalises every uploaded file's name: only
  letters, digits, `-`, `_` and `.`, at most `MAX_NAME_BYTES` bytes of UTF-8 (a Chinese
  character is 3 bytes, and file systems limit a name to 255 bytes, not characters), the
  extension kept. A 300-character Chinese file name used to fail the save with a 500.
- `replacing_files()` replaces a FileField's file safely: the new file is stored first; the
  old one is deleted only once the transaction commits; if anything fails before that, the
  new file is deleted and the row still points at the old one, which is still there.
"""

import contextlib
import logging
import re

from django.core.files.storage import FileSystemStorage
from django.db import transaction

logger = logging.getLogger("hall.storage")

MAX_NAME_BYTES = 120
_MAX_EXTENSION = 10


def _truncate_utf8(text, limit):
    return text.encode("utf-8")[:limit].decode("utf-8", errors="ignore")


def safe_file_name(name):
    """The last path component of `name`, made safe and short; its extension kept."""
    name = str(name).replace("\\", "/").rsplit("/", 1)[-1].strip()
    root, dot, extension = name.rpartition(".")
    if not dot:
        root, extension = name, ""
    extension = re.sub(r"[^A-Za-z0-9]", "", extension)[:_MAX_EXTENSION]
    root = re.sub(r"(?u)[^-\w.]", "", root.replace(" ", "_")).strip(".")
    budget = MAX_NAME_BYTES - (len(extension) + 1 if extension else 0)
    root = _truncate_utf8(root, budget).rstrip(".") or "file"
    return f"{root}.{extension}" if extension else root


class HallFileSystemStorage(FileSystemStorage):
    def get_valid_name(self, name):
        return safe_file_name(name)


class _Replacements:
    def __init__(self):
        self.stored = []  # (storage, name) written in this block: deleted if the block fails

    def replace(self, field_file, content, *, name, delete_old=True):
        """Store `content` as `field_file`'s new file (the row is not saved here).

        The old file is deleted on commit when `delete_old` says it belongs to this row only.
        """
        old_name, storage = field_file.name, field_file.storage
        field_file.save(name, content, save=False)  # raises before touching the old file
        self.stored.append((storage, field_file.name))
        if old_name and old_name != field_file.name and delete_old:
            delete_on_commit(storage, old_name)
        return field_file.name


def delete_on_commit(storage, name):
    """Delete a replaced file once the transaction that stopped pointing at it commits."""
    transaction.on_commit(lambda: _delete_quietly(storage, name))


def _delete_quietly(storage, name):
    try:
        storage.delete(name)
    except OSError:
        logger.exception("could not delete the replaced file %s", name)


@contextlib.contextmanager
def replacing_files():
    """Use around the transaction that saves the rows: `with replacing_files() as files, atomic():`."""
    replacements = _Replacements()
    try:
        yield replacements
    except BaseException:
        for storage, name in replacements.stored:
            _delete_quietly(storage, name)
        raise
