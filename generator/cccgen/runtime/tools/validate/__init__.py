"""`validate`: check captured responses against the spec. Standard library only.

The command line is `cli`; `checker` checks one record, `pool` shares the work among worker
processes, the `*_report` and `report_*` modules write the reports.
"""
