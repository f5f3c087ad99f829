"""Reads of subcontracting, every one through the person's scope."""
