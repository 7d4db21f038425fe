"""Runtime support copied verbatim into the generated package."""
