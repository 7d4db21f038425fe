"""Tools built on the runtime: the validate command (standard library only)."""
