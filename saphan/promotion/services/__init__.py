"""Writes of the promotion app, one transaction each, permission through the scope."""
