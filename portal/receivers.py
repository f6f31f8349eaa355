"""Signal receivers of the portal (connected in PortalConfig.ready)."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from approvals.models import CaseMaterial


@receiver(post_save, sender=CaseMaterial, dispatch_uid="portal.drop_stale_library_attachment")
def drop_stale_library_attachment(sender, instance, raw=False, **kwargs):
    """A case material that got a file of its own (or none) no longer uses the library copy."""
    if raw or not instance.file_changed_since_read:
        return  # the same file as before (paper or a status was recorded): nothing to drop
    from portal.models import LibraryAttachment

    LibraryAttachment.objects.filter(case_material_id=instance.pk).exclude(
        library_material__file=instance.file.name or ""
    ).delete()
