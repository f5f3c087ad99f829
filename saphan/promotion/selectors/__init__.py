"""Reads of the promotion app, every one through the scope of the person asking."""
