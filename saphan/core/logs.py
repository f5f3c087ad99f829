"""Log filters: what must never reach a log line.

A private link's secret (`/track/<code>/k/<key>/`, a complainant's own page) is a credential:
Django's request logger writes the path of every 4xx/5xx response, so the console handler
replaces any path segment after `/k/` with `[key]` before the line is written.
"""

from __future__ import annotations

import logging
import re

SECRET_SEGMENT = re.compile(r"(/k/)[^/\s?#\"']+")


class SecretPaths(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if "/k/" in message:
            record.msg, record.args = SECRET_SEGMENT.sub(r"\1[key]", message), None
        return True
