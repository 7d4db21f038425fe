"""Loading and checking spec files: YAML with positions → checked in-memory API model."""
