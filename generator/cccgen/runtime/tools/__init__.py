"""Tools built on the runtime: the validate command (standard library only), the get command
and the fake server."""
