# Copied by cccgen 0.1.0 from generator/cccgen/runtime/tools/__init__.py.
# Do not edit by hand: change the original and run `make generate`.
"""Tools built on the runtime: the validate command (standard library only), the get command
and the fake server."""
