"""Demo catalog of a county hall: 15 departments, 50+ real-world items, 4 chains.

The catalog itself is a data file, `demo_catalog.json`, in the import format a hall uses
for its official list (see docs/catalog.md); it is loaded by the same importer
(catalog.services.catalog_import), so the demo is also a test of it. Idempotent:
everything is matched by code (materials by name), and blank forms are only written when
missing.
"""

from pathlib import Path

from django.core.files.base import ContentFile
from django.utils.translation import gettext as _

from catalog.models import MaterialRequirement
from catalog.services import catalog_import, summary_text

CATALOG_FILE = Path(__file__).with_name("demo_catalog.json")


def catalog_text():
    """The demo catalog file's text (the importer's JSON format)."""
    return CATALOG_FILE.read_text(encoding="utf-8")


def _blank_form(material):
    """A plain-text blank form so the guide's download links work in the demo."""
    lines = [
        material.name,
        "",
        f"事项：{material.item.name}（{material.item.code}）",
        "",
        "申请人（单位）名称：____________________",
        "统一社会信用代码/身份证号码：____________________",
        "联系人：__________  联系电话：__________",
        "申请事项说明：",
        "______________________________________________",
        "",
        "申请人（签字/盖章）：__________    日期：____年__月__日",
    ]
    return ContentFile("\r\n".join(lines).encode("utf-8"))


def _sample(material):
    """The same form filled in, as halls show applicants (示例样表)."""
    text = _blank_form(material).read().decode("utf-8")
    text = text.replace("申请人（单位）名称：____________________", "申请人（单位）名称：示范县某某餐饮有限公司")
    text = text.replace("统一社会信用代码/身份证号码：____________________", "统一社会信用代码：91370784MA3XXXXXXX")
    text = text.replace("联系人：__________  联系电话：__________", "联系人：张三  联系电话：139XXXXXXXX")
    return ContentFile(("【示例】" + text).encode("utf-8"))


def seed(*, stdout, password):
    summary = catalog_import(file=catalog_text(), fmt="json")
    forms = MaterialRequirement.objects.select_related("item").filter(
        name__regex=r"(申请书|申请表|登记表|审核表|采集表)$", template=""
    )
    for material in forms:
        material.template.save(f"{material.item.code}-{material.position}.txt", _blank_form(material), save=False)
        material.sample.save(f"{material.item.code}-{material.position}-sample.txt", _sample(material), save=False)
        material.save(update_fields=["template", "sample"])
    stdout.write("  " + _("事项目录：%(summary)s") % {"summary": summary_text(summary)})
