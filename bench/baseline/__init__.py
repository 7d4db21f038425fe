"""Frozen validator modules the benchmarks compare today's against (see each one's header)."""
