# Copied by cccgen 0.1.0 from generator/cccgen/runtime/tools/validate/__init__.py.
# Do not edit by hand: change the original and run `make generate`.
"""`validate`: check captured responses against the spec. Standard library only.

The command line is `cli`; `checker` checks one record, `pool` shares the work among worker
processes, the `*_report` and `report_*` modules write the reports.
"""
