"""Benchmarks, run by `make bench` (`python -m bench`); never part of the test suite.

Each `bench/<name>_bench.py` module defines `main()`, which prints its own figures and may
return a Markdown report (a `str`) for the combined summary; `python -m bench` finds them all.
"""
