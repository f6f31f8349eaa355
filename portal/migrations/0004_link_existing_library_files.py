"""Link the case materials that already use a library file to it (they were told apart by path)."""

from django.db import migrations
from django.utils import timezone


def link(apps, schema_editor):
    CaseMaterial = apps.get_model("approvals", "CaseMaterial")
    LibraryMaterial = apps.get_model("portal", "LibraryMaterial")
    LibraryAttachment = apps.get_model("portal", "LibraryAttachment")
    by_file = {}
    for library in LibraryMaterial.objects.exclude(file="").only("pk", "owner_id", "file").iterator():
        by_file[(library.owner_id, library.file.name)] = library.pk
    if not by_file:
        return
    names = {name for _owner, name in by_file}
    links = []
    rows = (
        CaseMaterial.objects.filter(file__in=names, library_attachment__isnull=True)
        .values_list("pk", "file", "case__applicant_user_id", "uploaded_at")
        .iterator()
    )
    for pk, name, owner_id, uploaded_at in rows:
        library_id = by_file.get((owner_id, name))
        if library_id is not None:
            links.append(
                LibraryAttachment(
                    case_material_id=pk, library_material_id=library_id, attached_at=uploaded_at or timezone.now()
                )
            )
    LibraryAttachment.objects.bulk_create(links, batch_size=500)


def unlink(apps, schema_editor):
    apps.get_model("portal", "LibraryAttachment").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0003_library_attachment"),
    ]

    operations = [migrations.RunPython(link, unlink)]
