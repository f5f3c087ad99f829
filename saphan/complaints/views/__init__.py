"""Pages of the complaints app: public (no login), case handling, inspections, reference data."""
