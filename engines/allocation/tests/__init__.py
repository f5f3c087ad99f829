"""Tests of the allocation engine: pure Python, `pytest engines/allocation -p no:django`."""
