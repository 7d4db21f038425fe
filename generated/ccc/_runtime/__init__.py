# Copied by cccgen 0.1.0 from generator/cccgen/runtime/__init__.py.
# Do not edit by hand: change the original and run `make generate`.
"""Runtime support copied verbatim into the generated package."""
