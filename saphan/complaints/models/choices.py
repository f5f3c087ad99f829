"""The fixed vocabularies of complaints: categories, times, states, places of measurement."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Category(models.TextChoices):
    DUST = "dust", _("Dust, smoke or haze")
    ODOUR = "odour", _("Odour")
    NOISE = "noise", _("Noise")
    WASTEWATER = "wastewater", _("Wastewater")
    SOLID_WASTE = "solid_waste", _("Solid waste")
    VIBRATION = "vibration", _("Vibration")
    OTHER = "other", _("Other")


class TimeOfDay(models.TextChoices):
    MORNING = "morning", _("Morning (06:00–12:00)")
    AFTERNOON = "afternoon", _("Afternoon (12:00–18:00)")
    EVENING = "evening", _("Evening (18:00–22:00)")
    NIGHT = "night", _("Night (22:00–06:00)")
    ALL_DAY = "all_day", _("All day, or it varies")


class Frequency(models.TextChoices):
    ONCE = "once", _("It happened once")
    OCCASIONALLY = "occasionally", _("Now and then")
    WEEKLY = "weekly", _("A few times a week")
    DAILY = "daily", _("Every day")
    CONTINUOUS = "continuous", _("All the time")


class Status(models.TextChoices):
    RECEIVED = "received", _("Received")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")
    INVESTIGATING = "investigating", _("Investigating")
    INSPECTED = "inspected", _("Inspected")
    ACTION_ORDERED = "action_ordered", _("Action ordered")
    RESOLVED = "resolved", _("Resolved")
    NOT_SUBSTANTIATED = "not_substantiated", _("Closed: not substantiated")
    NOT_FACTORY_SOURCE = "not_factory_source", _("Closed: not a factory source")
    REFERRED = "referred", _("Closed: referred to another agency")
    DUPLICATE = "duplicate", _("Closed: duplicate")


# The way a case moves forward; closures may come from any open state.
OPEN_STATES: tuple[str, ...] = (
    Status.RECEIVED,
    Status.ACKNOWLEDGED,
    Status.INVESTIGATING,
    Status.INSPECTED,
    Status.ACTION_ORDERED,
)
CLOSED_STATES: frozenset[str] = frozenset(
    {
        Status.RESOLVED,
        Status.NOT_SUBSTANTIATED,
        Status.NOT_FACTORY_SOURCE,
        Status.REFERRED,
        Status.DUPLICATE,
    }
)


class Channel(models.TextChoices):
    WEB = "web", _("Web form")
    OPEN311 = "open311", _("Open311 client")
    PHONE = "phone", _("Telephone")
    LETTER = "letter", _("Letter")
    WALK_IN = "walk_in", _("At the office")
    LINE = "line", _("LINE")
    DEMO = "demo", _("Demo data")


class LocationSource(models.TextChoices):
    PIN = "pin", _("Map pin")
    GPS = "gps", _("Phone location (GPS)")
    ADDRESS = "address", _("Address only")
    OPEN311 = "open311", _("Open311 coordinates")


class ComplainantRole(models.TextChoices):
    REPORTER = "reporter", _("Reporter")
    SUPPORTER = "supporter", _("Follower (same problem)")


class ReferralLevel(models.TextChoices):
    LOCAL = "local", _("Local government in the province")
    PROVINCIAL = "provincial", _("Another agency of the province")
    NATIONAL = "national", _("A national agency")


class EventKind(models.TextChoices):
    RECEIVED = "received", _("Complaint received")
    STATE = "state", _("Status changed")
    NOTE = "note", _("Internal note")
    UPDATE = "update", _("Public update")
    ASSIGN = "assign", _("Officer assigned")
    UNASSIGN = "unassign", _("Officer released")
    FORWARD = "forward", _("Forwarded to another office")
    REFER = "refer", _("Referred to another agency")
    ESCALATE = "escalate", _("Escalated to the governor's office")
    MERGE = "merge", _("Duplicate merged in")
    MERGED = "merged", _("Merged into another complaint")
    FOLLOW = "follow", _("Someone reported the same problem")
    REOPEN = "reopen", _("Reopened by the complainant")
    RATING = "rating", _("Rated by the complainant")
    ESTABLISHMENT = "establishment", _("Establishment linked")
    INSPECTION = "inspection", _("Inspection recorded")
    ORDER = "order", _("Order issued")
    PHOTO = "photo", _("Photo added")
    LOCATION = "location", _("Place corrected")
    PRIVACY = "privacy", _("Personal data request")


class Pollutant(models.TextChoices):
    PM25 = "pm25", _("PM2.5")
    PM10 = "pm10", _("PM10")
    TSP = "tsp", _("Total suspended particulate (TSP)")
    PARTICULATE = "particulate", _("Total particulate (stack)")
    SO2 = "so2", _("Sulphur dioxide (SO₂)")
    NO2 = "no2", _("Nitrogen dioxide (NO₂)")
    H2S = "h2s", _("Hydrogen sulphide (H₂S)")
    NOISE = "noise", _("Noise level")
    OTHER = "other", _("Other")


class Unit(models.TextChoices):
    UG_M3 = "ug_m3", "µg/m³"
    MG_M3 = "mg_m3", "mg/m³"
    PPM = "ppm", "ppm"
    PPB = "ppb", "ppb"
    DBA = "dba", "dB(A)"


class AveragingPeriod(models.TextChoices):
    SPOT = "spot", _("Single sample (spot)")
    HOUR_1 = "1h", _("1 hour")
    HOUR_8 = "8h", _("8 hours")
    HOUR_24 = "24h", _("24 hours")
    ANNUAL = "annual", _("1 year")


class Where(models.TextChoices):
    STACK = "stack", _("Stack (at the source)")
    BOUNDARY = "boundary", _("Site boundary")
    AMBIENT = "ambient", _("Ambient air (community)")


class InspectionKind(models.TextChoices):
    COMPLAINT = "complaint", _("Complaint inspection")
    FOLLOW_UP = "follow_up", _("Follow-up of an order")
    ROUTINE = "routine", _("Routine inspection")


class OrderStatus(models.TextChoices):
    OPEN = "open", _("Open")
    COMPLIED = "complied", _("Complied")
    NOT_COMPLIED = "not_complied", _("Not complied")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class RequestKind(models.TextChoices):
    COPY = "copy", _("A copy of my data")
    ERASURE = "erasure", _("Erase my data")


class RequestStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DONE = "done", _("Done")
    REFUSED = "refused", _("Refused with reason")


class NotificationStatus(models.TextChoices):
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")
    SKIPPED = "skipped", _("Skipped")
