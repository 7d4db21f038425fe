# Copied by cccgen 0.1.0 from generator/cccgen/runtime/tools/redact/__init__.py.
# Do not edit by hand: change the original and run `make generate`.
"""`redact`: replace the personal values of captured responses (the spec's `pii` fields) with
keyed, deterministic stand-ins of the same shape. Standard library only."""
