"""The client core: signing, credentials, endpoints, transport, retry, errors and the
standard-library validation helpers the validate tool shares (importing this package imports
nothing else, so the validate tool stays free of httpx and pydantic)."""
