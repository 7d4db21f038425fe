# Copied by cccgen 0.1.0 from generator/cccgen/runtime/core/__init__.py.
# Do not edit by hand: change the original and run `make generate`.
"""The client core: signing, credentials, endpoints, transport, retry, errors and the
standard-library validation helpers the validate tool shares (importing this package imports
nothing else, so the validate tool stays free of httpx and pydantic)."""
