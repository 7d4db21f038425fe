"""`redact`: replace the personal values of captured responses (the spec's `pii` fields) with
keyed, deterministic stand-ins of the same shape. Standard library only."""
