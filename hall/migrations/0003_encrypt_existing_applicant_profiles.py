"""Encrypt the ID numbers and phones already stored in clear, and fill their blind indexes."""

from django.db import migrations

from hall.fields import rewrite_encrypted_rows


def encrypt_rows(apps, schema_editor):
    rewrite_encrypted_rows(apps.get_model("hall", "ApplicantProfile"))


class Migration(migrations.Migration):
    dependencies = [("hall", "0002_encrypt_personal_data")]

    operations = [migrations.RunPython(encrypt_rows, migrations.RunPython.noop)]
