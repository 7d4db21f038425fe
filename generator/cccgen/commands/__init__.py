"""Subcommands of the `cccgen` CLI, one module each."""
