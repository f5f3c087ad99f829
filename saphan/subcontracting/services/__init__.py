"""Writes of subcontracting: one transaction each, permission through the scope (`access`)."""
