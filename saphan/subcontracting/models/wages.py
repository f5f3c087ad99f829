"""The legal minimum wage per province, as dated data (what each day's floor is)."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from saphan.core.models import Province


class MinimumWage(models.Model):
    """Daily minimum wage of a province from a date on; the latest row on or before a day rules.

    Seeded for the provinces facts.md gives (docs/subcontracting.md); administrators enter the
    others. A province without a row has no known floor, and its offers cannot be allocated.
    """

    # No database constraint: the seed migration runs before `saphan geography` loads the
    # provinces on a fresh database; the codes are DOPA's and services check them.
    province = models.ForeignKey(
        Province, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+",
        verbose_name=_("province"),
    )  # fmt: skip
    effective_from = models.DateField(_("in force from"))
    baht_per_day = models.DecimalField(
        _("baht per day"),
        max_digits=8,
        decimal_places=2,
        validators=[MinValueValidator(1)],
    )
    source = models.CharField(_("source"), max_length=300)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering: ClassVar = ["province__name_th", "-effective_from"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["province", "effective_from"], name="minimum_wage_unique_day"
            )
        ]
        verbose_name = _("minimum wage")
        verbose_name_plural = _("minimum wages")

    def __str__(self) -> str:
        return f"{self.province_id} {self.effective_from} {self.baht_per_day}"
