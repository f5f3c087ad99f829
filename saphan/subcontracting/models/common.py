"""Vocabularies shared by the subcontracting models: machine types, operations (skills), reasons."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

# Registry kinds that may offer work, and that may take it (a group may do both: batik).
PARTY_KINDS = ("business", "factory", "enterprise", "group")
GROUP_KINDS = ("enterprise", "group")


class MachineType(models.TextChoices):
    LOCKSTITCH = "lockstitch", _("Lockstitch")
    OVERLOCK = "overlock", _("Overlock")
    COVERSTITCH = "coverstitch", _("Coverstitch")
    BUTTONHOLE = "buttonhole", _("Buttonhole")
    BUTTON_SEWER = "button_sewer", _("Button sewer")
    BARTACK = "bartack", _("Bartack")
    ZIGZAG = "zigzag", _("Zigzag")
    EMBROIDERY = "embroidery", _("Embroidery machine")
    # Work done by hand (batik, trimming, packing): planned on the members, not on machines.
    HAND = "hand", _("By hand (no machine)")


class MachineCondition(models.TextChoices):
    GOOD = "good", _("Good")
    NEEDS_REPAIR = "needs_repair", _("Works, needs repair")
    BROKEN = "broken", _("Broken")


# Machines that count in capacity: a machine that needs repair still sews.
USABLE_CONDITIONS = (MachineCondition.GOOD, MachineCondition.NEEDS_REPAIR)


class Operation(models.TextChoices):
    """Operations of a style, which are also the members' skills."""

    CUTTING = "cutting", _("Cutting")
    LOCKSTITCH_SEAM = "lockstitch_seam", _("Lockstitch seams")
    OVERLOCK_SEAM = "overlock_seam", _("Overlock seams")
    COVERSTITCH_HEM = "coverstitch_hem", _("Coverstitch hems")
    COLLAR_CUFF = "collar_cuff", _("Collars and cuffs")
    BUTTONHOLE = "buttonhole", _("Buttonholes")
    BUTTON_ATTACH = "button_attach", _("Attaching buttons")
    EMBROIDERY = "embroidery", _("Embroidery")
    BATIK = "batik", _("Batik waxing and dyeing")
    HAND_FINISHING = "hand_finishing", _("Hand finishing and trimming")
    PRESSING = "pressing", _("Pressing")
    INSPECTION_PACKING = "inspection_packing", _("Inspection and packing")


class UnavailableReason(models.TextChoices):
    HARVEST = "harvest", _("Harvest")
    FESTIVAL = "festival", _("Festival")
    OTHER = "other", _("Other")
