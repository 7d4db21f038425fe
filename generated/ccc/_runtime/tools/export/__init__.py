# Copied by cccgen 0.1.0 from generator/cccgen/runtime/tools/export/__init__.py.
# Do not edit by hand: change the original and run `make generate`.
"""`export-cdrs`: every call record of a time window, into a JSON Lines file, resumably."""
