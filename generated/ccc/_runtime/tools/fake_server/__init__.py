# Copied by cccgen 0.1.0 from generator/cccgen/runtime/tools/fake_server/__init__.py.
# Do not edit by hand: change the original and run `make generate`.
"""The fake CCC server: gateway checks, records, faults, the HTTP handler and `serve`."""
