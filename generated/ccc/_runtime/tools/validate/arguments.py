# Copied by cccgen 0.1.0 from generator/cccgen/runtime/tools/validate/arguments.py.
# Do not edit by hand: change the original and run `make generate`.
"""The options of `validate` and the help that explains them (`EPILOG`), for every command line
that offers it: `python -m <package> validate`, a vendored copy, and `cccgen validate`."""

from __future__ import annotations

import argparse
import re
from collections.abc import Sequence

from ...core.jsontext import NESTING_LIMIT
from .files import DOCUMENT_LIMIT, format_size
from .formats import FORMATS

__all__ = ["EPILOG", "add_arguments"]

EPILOG = f"""\
inputs:
  files, directories (searched recursively for *.json, *.jsonl and *.ndjson; hidden folders
  skipped), glob patterns (quoted, e.g. 'captures/**/*.json') and - for standard input.
  *.jsonl and *.ndjson files hold one response per line (blank lines skipped); other files
  hold one JSON document. Standard input is one document, or JSON Lines when it holds several.
  A UTF-8 byte order mark is accepted with a warning. NaN and Infinity are rejected.
  Only regular files are read (symbolic links to them are followed): a FIFO or a device is
  reported, never opened in a way that could block. One document, or one JSON Lines line, may
  have at most 64 MiB (--max-document-size); a bigger one is an error at its line.
  Control characters from the inputs (keys, values, file names) are escaped in the text and
  github reports (\n, \x1b, ...), so a capture cannot forge report lines or workflow commands.

reports:
  --format markdown: totals, failures by path, drift (and coverage with --coverage) as tables,
  for a CI job summary. --format html -o report.html: one self-contained page (no script, no
  network) with coverage as a field tree. --format github also appends the markdown report to
  the job summary when $GITHUB_STEP_SUMMARY is set (a summary that cannot be written is a
  warning; the exit status does not change). --coverage (any format): for every field of the
  spec, in how many responses it was present, null or absent, the enum values seen and never
  seen, ranges, and the fields no response carried; error responses are not counted.

modes:
  --strict (default): unknown fields and unknown enum values are errors.
  --lenient: they are warnings. Either way they are listed in the drift summary at the end.

error responses:
  A captured error answer (an error code and none of the fields a success response requires,
  e.g. {{"Code": "Parameter.Blank", "HttpStatusCode": 400, ...}} without Data) is checked
  against the spec's error envelope and reported as "note: error response Parameter.Blank
  (400)"; it is counted in the summary and passes, unless --fail-on-error-responses is given.
  One that does not fit the envelope is invalid.

exit status:
  0  every response is valid (error responses too, without --fail-on-error-responses)
  1  at least one response is invalid, or a capture is not JSON (invalid or truncated JSON,
     not UTF-8, NaN, nested deeper than {NESTING_LIMIT} levels)
  2  usage error, or an input could not be read at all (missing or unreadable file), or no
     response was found; this wins over 1
"""


def _jobs_argument(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError("must be 0 (one per CPU) or more")
    return value


_SIZE = re.compile(r"(\d+) *(?:([kmg])(?:i?b)?|b)?", re.IGNORECASE)  # 65536, 512K, 64MiB, 1gb
_SHIFTS = {"k": 10, "m": 20, "g": 30}


def _size_argument(text: str) -> int:
    match = _SIZE.fullmatch(text.strip())
    if match is None or int(match[1]) < 1:
        raise argparse.ArgumentTypeError(f"not a size: {text!r} (e.g. 65536, 512K, 64M, 1G)")
    return int(match[1]) << _SHIFTS.get((match[2] or "").lower(), 0)


def add_arguments(parser: argparse.ArgumentParser, operations: Sequence[str] | None) -> None:
    """The options of `validate`; `operations` None when not known yet (checked at run time)."""
    parser.add_argument(
        "paths",
        nargs="+",
        metavar="PATH",
        help="file, directory, glob pattern, or - for standard input",
    )
    parser.add_argument(
        "--operation",
        metavar="NAME",
        choices=list(operations) if operations else None,
        help="the operation the responses answer"
        + (f" (one of: {', '.join(operations)})" if operations and len(operations) <= 8 else "")
        + "; default: the operation a capture's file or folder is named after",
    )
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument(
        "--strict",
        dest="strict",
        action="store_true",
        default=True,
        help="unknown fields and enum values are errors (the default)",
    )
    mode.add_argument(
        "--lenient",
        dest="strict",
        action="store_false",
        help="unknown fields and enum values are warnings",
    )
    parser.add_argument(
        "--fail-on-error-responses",
        action="store_true",
        help="captured error answers (e.g. Code Parameter.Blank, no Data) fail the run; by default"
        " they are counted and pass, once they fit the error envelope",
    )
    parser.add_argument(
        "--format",
        choices=FORMATS,
        default="text",
        help="text (default), json (one report), junit (JUnit XML), github (workflow annotations,"
        " and the job summary), markdown (tables for a CI job summary), html (one page, with -o)",
    )
    parser.add_argument(
        "--coverage",
        action="store_true",
        help="also measure which fields of the spec the responses carry, and how (any format;"
        " always in html)",
    )
    parser.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help="write the report to FILE instead of standard output",
    )
    parser.add_argument(
        "--jsonl",
        action="store_true",
        help="read every input, standard input included, as JSON Lines",
    )
    parser.add_argument(
        "--color",
        choices=("auto", "always", "never"),
        default="auto",
        help="colour the text report: auto (default) means on a terminal, unless NO_COLOR is set",
    )
    parser.add_argument(
        "-j",
        "--jobs",
        type=_jobs_argument,
        default=0,
        metavar="N",
        help="worker processes for big JSON Lines files (8 MB and more) and runs of 400 or more"
        " files; default 0: one per CPU",
    )
    parser.add_argument(
        "--max-document-size",
        type=_size_argument,
        default=DOCUMENT_LIMIT,
        metavar="SIZE",
        help="the most one document, or one JSON Lines line, may have (K, M, G: powers of 1024);"
        f" default {format_size(DOCUMENT_LIMIT)}",
    )
    dask = parser.add_argument_group("on a Dask cluster (needs the dask extra)")
    dask.add_argument(
        "--dask",
        metavar="ADDRESS",
        help="run on the Dask cluster whose scheduler is at ADDRESS (tcp://host:8786), or on"
        " a new one of worker processes on this machine (local); inputs may then be fsspec"
        " URLs too (s3://bucket/captures/*.jsonl); the report is a local run's",
    )
    dask.add_argument(
        "--dask-workers",
        type=_jobs_argument,
        default=0,
        metavar="N",
        help="worker processes of --dask local; default 0: one per CPU",
    )
    dask.add_argument(
        "--dask-blocksize",
        type=_size_argument,
        default=32 << 20,
        metavar="SIZE",
        help="the bytes of JSON Lines one Dask task reads (cut where lines start); default 32M",
    )
    parser.add_argument(
        "--no-progress",
        dest="progress",
        action="store_false",
        help="no progress bar (it is only ever drawn when standard error is a terminal)",
    )
