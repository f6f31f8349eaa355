"""实施清单: how a basic item (基本目录) is implemented at one hall of the network.

The basic item (catalog.Item) holds the standard elements, the same at every level (四级十同).
An implementation says, for one hall, which department implements it there, the local promised
limit (never longer than the basic one), the local fee note and windows, and whether that hall
only receives the application (收件) while a department of another hall decides it (就近办).
A hall with no implementation of an item can still receive it when the item is 全市通办.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class ItemImplementation(models.Model):
    item = models.ForeignKey(
        "catalog.Item", verbose_name=_("基本目录事项"), on_delete=models.CASCADE, related_name="implementations"
    )
    hall = models.ForeignKey(
        "hall.Hall", verbose_name=_("实施大厅"), on_delete=models.CASCADE, related_name="implementations"
    )
    department = models.ForeignKey(
        "catalog.Department",
        verbose_name=_("审批部门"),
        on_delete=models.PROTECT,
        related_name="implementations",
        help_text=_("作出决定的部门；在上级大厅时，本大厅只收件（就近办）"),
    )
    promised_limit_days = models.PositiveSmallIntegerField(
        _("承诺办结时限（工作日）"), null=True, blank=True, help_text=_("留空则同基本目录；不得长于基本目录")
    )
    fee_note = models.CharField(_("本地收费说明"), max_length=200, blank=True)
    window_numbers = models.CharField(_("办理窗口"), max_length=60, blank=True)
    note = models.CharField(_("备注"), max_length=200, blank=True)
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("实施清单")
        verbose_name_plural = _("实施清单")
        ordering = ["item__code", "hall__path"]
        constraints = [
            models.UniqueConstraint(
                fields=["item", "hall"],
                name="implementation_one_per_item_and_hall",
                violation_error_message=_("该事项在本大厅已有实施清单。"),
            )
        ]

    def __str__(self):
        return f"{self.item.name} · {self.hall.name}"

    @property
    def receives_only(self):
        """The hall receives; a department of another hall decides (就近办)."""
        return self.department.hall_id != self.hall_id

    @property
    def effective_limit_days(self):
        return self.promised_limit_days or self.item.promised_limit_days

    def clean(self):
        errors = {}
        if self.item_id and self.promised_limit_days:
            basic = self.item.promised_limit_days
            if self.promised_limit_days > basic:
                errors["promised_limit_days"] = gettext("本地承诺时限不得长于基本目录的 %(days)s 个工作日。") % {
                    "days": basic
                }
        if errors:
            raise ValidationError(errors)
