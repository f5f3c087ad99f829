"""Benchmarks of Saphan's hot paths; see bench/README.md and docs/benchmarks.md."""
