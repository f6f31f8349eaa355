"""Demo data of the online hall: a few files already in the demo applicants' material libraries."""

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile

from portal.services import library_add_upload

_MINIMAL_PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"

FILES = {
    "applicant": ["居民身份证（正反面）", "营业执照"],
    "applicant2": ["营业执照", "法定代表人（负责人）身份证明"],
}


def seed(*, stdout, password):
    User = get_user_model()
    added = 0
    for username, names in FILES.items():
        user = User.objects.filter(username=username).first()
        if user is None:
            continue
        for name in names:
            # The content names its owner and material, so each is its own library entry (idempotent by hash).
            data = _MINIMAL_PDF + f"%{username}:{name}\n%%EOF\n".encode()
            before = user.library_materials.count()
            library_add_upload(owner=user, file=ContentFile(data, name=f"{name}.pdf"), name=name)
            added += user.library_materials.count() - before
    stdout.write(f"  网上办事大厅：材料库新增 {added} 份演示材料")
