"""The complainant's own link: a key derived from their record and SECRET_KEY, never stored."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

from django.conf import settings

from saphan.complaints.models import Complainant, Complaint


def new_salt() -> str:
    return secrets.token_hex(16)


def complainant_key(complainant: Complainant) -> str:
    """20 characters (100 bits) a person can copy from a receipt; empty once revoked."""
    if not complainant.key_salt:
        return ""
    digest = hmac.new(
        settings.SECRET_KEY.encode(),
        f"complaints:{complainant.pk}:{complainant.key_salt}".encode(),
        hashlib.sha256,
    ).digest()
    return base64.b32encode(digest).decode()[:20].lower()


def complainant_by_key(complaint: Complaint, key: str) -> Complainant | None:
    """The complainant of this case (or of a duplicate merged into it) holding this key."""
    key = (key or "").strip().lower()
    if len(key) != 20:
        return None
    people = Complainant.objects.filter(complaint=complaint).exclude(key_salt="")
    found = None
    for person in people:
        # Compare every one in constant time: the loop does not stop early on a match.
        if hmac.compare_digest(complainant_key(person), key):
            found = person
    return found
