"""Reads of the complaints app: public ones that cannot return personal data, staff ones
through the person's scope."""
