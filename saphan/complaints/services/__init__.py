"""Writes of the complaints app; one transaction each, permission through the scope."""
