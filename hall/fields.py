"""Model fields that keep personal data encrypted at rest (see hall.crypto).

- `EncryptedCharField`: Python sees the plaintext, the column (text) holds `enc1:<token>`.
  It refuses lookups other than `isnull`: ciphertext cannot be compared; search the blind index.
- `BlindIndexField`: the HMAC of another field, recomputed on every save (and bulk_create).
- `EncryptedJSONField`: a JSON object whose named keys are encrypted inside the stored JSON.
"""

from django.db import models

from hall import crypto


class EncryptedCharField(models.CharField):
    """A CharField (forms, validation and max_length on the plaintext) stored encrypted."""

    def get_internal_type(self):
        return "TextField"

    def from_db_value(self, value, expression, connection):
        return crypto.decrypt(value)

    def to_python(self, value):
        return crypto.decrypt(super().to_python(value))

    def get_prep_value(self, value):
        return crypto.encrypt(super().get_prep_value(value))

    def get_lookup(self, lookup_name):
        if lookup_name == "isnull":
            return super().get_lookup(lookup_name)
        return None  # FieldError "Unsupported lookup": filter on the blind index instead


class BlindIndexField(models.CharField):
    """HMAC-SHA256 of `source`'s normalised value (hall.crypto.blind_index), kept in step on save."""

    def __init__(self, *args, source, **kwargs):
        self.source = source
        kwargs.setdefault("max_length", 64)
        kwargs.setdefault("editable", False)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("default", "")
        kwargs.setdefault("db_index", True)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["source"] = self.source
        return name, path, args, kwargs

    def pre_save(self, model_instance, add):
        value = crypto.blind_index(getattr(model_instance, self.source))
        setattr(model_instance, self.attname, value)
        return value


class EncryptedJSONField(models.JSONField):
    """A JSONField whose `encrypted_keys` hold `enc1:` tokens in the database."""

    def __init__(self, *args, encrypted_keys=(), **kwargs):
        self.encrypted_keys = tuple(encrypted_keys)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["encrypted_keys"] = self.encrypted_keys
        return name, path, args, kwargs

    def _map(self, value, func):
        if not isinstance(value, dict) or not any(k in value for k in self.encrypted_keys):
            return value
        return {k: func(v) if k in self.encrypted_keys and isinstance(v, str) else v for k, v in value.items()}

    def get_prep_value(self, value):
        return super().get_prep_value(self._map(value, crypto.encrypt))

    def from_db_value(self, value, expression, connection):
        return self._map(super().from_db_value(value, expression, connection), crypto.decrypt)


def encrypted_field_names(model):
    return [f.name for f in model._meta.concrete_fields if isinstance(f, EncryptedCharField | EncryptedJSONField)]


def rewrite_encrypted_rows(model, *, batch_size=500):
    """Re-save every row's encrypted fields under the current key, and refresh its blind indexes.

    Used by the data migrations (plaintext rows become encrypted) and by `rotate_field_keys`
    (rows under an older key move to the first key). Returns the number of rows rewritten.
    """
    index_fields = [f for f in model._meta.concrete_fields if isinstance(f, BlindIndexField)]
    names = encrypted_field_names(model) + [f.name for f in index_fields]
    if not names:
        return 0
    manager, batch, count = model._base_manager, [], 0
    for obj in manager.order_by("pk").iterator(chunk_size=batch_size):
        for field in index_fields:
            setattr(obj, field.attname, crypto.blind_index(getattr(obj, field.source)))
        batch.append(obj)
        if len(batch) >= batch_size:
            manager.bulk_update(batch, names)
            count, batch = count + len(batch), []
    if batch:
        manager.bulk_update(batch, names)
        count += len(batch)
    return count
