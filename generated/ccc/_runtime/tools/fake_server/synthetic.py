# Copied by cccgen 0.1.0 from generator/cccgen/runtime/tools/fake_server/synthetic.py.
# Do not edit by hand: change the original and run `make generate`.
"""Synthetic records for the fake server, generated from the JSON Schema of the record (the
``Data`` of GetCallDetailRecord's response for CCC): ``serve --synthetic-cdrs N``.

Deterministic for a seed (one :class:`random.Random`, drawn in a fixed order). Every enum value
of every field occurs once there are at least as many records as values (each enum is cycled
through, from a seeded offset). Times: the window field (``StartTime``) falls inside the
half-open window ``[start_ms, end_ms)``, on an uneven day (quiet nights, busy office hours, UTC+8
as the console has it) with one hot hour holding ``hot_share`` of the records; the record's
other moments (integers named ``...Time`` whose example is a timestamp) and the ``EventTime`` of
each event sequence follow it, in order. The fields that select a record get unique values
(``job-...`` ids) and the instance given. Standard library only.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from ...core.collector import collector_paused

__all__ = ["SyntheticOptions", "synthetic_records", "window_times"]

_HOUR_MS = 3_600_000
_ZONE_OFFSET_MS = 8 * _HOUR_MS  # the console's zone (UTC+8), as listing.py's default window
_TIMESTAMP = 10**12  # an example integer at least this large is a moment in epoch ms
# Relative load by hour of the day (UTC+8): quiet nights, a morning and an afternoon peak.
_DAY_SHAPE = (1, 1, 1, 1, 1, 2, 4, 8, 14, 18, 18, 16, 10, 14, 18, 18, 16, 12, 8, 6, 5, 4, 2, 1)
_SURNAMES = ("王", "李", "張", "劉", "陳", "楊", "趙", "黃", "周", "吳")
_GIVEN = ("偉", "芳", "娜", "敏", "靜", "麗", "強", "磊", "軍", "洋", "勇", "艷")
_CITIES = (
    " 山東省-淄博",
    "河北省-唐山",
    "浙江省-杭州",
    "廣東省-深圳",
    "上海市-上海",
    "四川省-成都",
)
_MOBILE_PREFIXES = ("133", "138", "139", "150", "186", "189")
_LETTERS = "abcdefghijklmnopqrstuvwxyz"
_MAX_WINDOW_MS = 366 * 24 * 3_600_000
#: Makes one value; the list holds the record's latest moment, which each timestamp advances.
Make = Callable[[list[int]], Any]


class SyntheticOptions:
    """What to generate: ``count`` records of ``instance_id`` in ``[start_ms, end_ms)``."""

    def __init__(
        self,
        count: int,
        *,
        seed: int,
        start_ms: int,
        end_ms: int,
        instance_id: str = "ccc-test",
        hot_share: float = 0.22,
    ) -> None:
        if count < 0:
            raise ValueError("the number of synthetic records must not be negative")
        if end_ms <= start_ms:
            raise ValueError("the window must end after it starts")
        if end_ms - start_ms > _MAX_WINDOW_MS:
            raise ValueError("the window must be at most 366 days (one list entry per hour)")
        if not 0.0 <= hot_share <= 1.0:
            raise ValueError("the hot hour's share must lie between 0 and 1")
        if not instance_id:
            raise ValueError("the instance id must not be empty")
        self.count = count
        self.seed = seed
        self.start_ms = start_ms
        self.end_ms = end_ms
        self.instance_id = instance_id
        self.hot_share = hot_share


def window_times(options: SyntheticOptions, rng: random.Random) -> list[int]:
    """``options.count`` moments in ``[start_ms, end_ms)``, sorted: one hot hour holds
    ``hot_share`` of them (rounded), the rest follow the shape of a day."""
    start, end = options.start_ms, options.end_ms
    hours = [(s, min(s + _HOUR_MS, end)) for s in range(start, end, _HOUR_MS)]
    weights = [_DAY_SHAPE[((s + _ZONE_OFFSET_MS) // _HOUR_MS) % 24] for s, _ in hours]
    hot = rng.randrange(len(hours))
    hot_count = round(options.count * options.hot_share) if len(hours) > 1 else 0
    others = [i for i in range(len(hours)) if i != hot] or [hot]
    other_weights = [weights[i] for i in others]
    chosen = [hot] * hot_count + rng.choices(
        others, weights=other_weights, k=options.count - hot_count
    )
    times = [rng.randrange(hours[i][0], hours[i][1]) for i in chosen]
    times.sort()
    return times


class _Maker:
    """Builds, from one record schema, one function per object and per array of it (as
    fastjsonschema compiles a schema): a record is then a few calls deep, not a call per field
    (50,000 CCC records, some 30 objects each: 5.3 -> 4.1 s of CPU). The values and the order
    of the draws are those of the schema read field after field (the same records for a seed
    as the field-by-field makers gave): each enum field cycles through its values from an
    offset drawn at its first use. Property names enter the source as ``repr`` literals."""

    def __init__(self, rng: random.Random, options: SyntheticOptions) -> None:
        self.rng = rng
        self.options = options
        self.cycles: dict[str, int] = {}
        #: What the compiled functions' source names: draws, makers, the functions themselves.
        draw = rng.random

        def tick(moment: list[int]) -> int:
            """The record's next moment: each follows the one before it (events in order)."""
            moment[0] += 1 + int(draw() * 29_999)
            return moment[0]

        self.names: dict[str, Any] = {"_r": draw, "_tick": tick, "_empty": self.empty}
        self.sources: list[str] = []

    def empty(self) -> list[Any]:
        """An array whose items have no schema: its length is drawn all the same."""
        self.rng.random()
        return []

    def cycle(self, values: list[Any]) -> str:
        """The name of a maker cycling through ``values`` from an offset drawn at its first
        call, which puts the cycle's own ``__next__`` in its place in the namespace."""
        name = self.name(None)
        rng, names = self.rng, self.names

        def first() -> Any:
            offset = rng.randrange(len(values))
            following = itertools.cycle(values[offset:] + values[:offset]).__next__
            names[name] = following
            return following()

        names[name] = first
        return name

    def name(self, value: Any) -> str:
        """A new name for ``value`` in the compiled functions' namespace."""
        name = f"_n{len(self.names)}"
        self.names[name] = value
        return name

    def string(self, name: str) -> Callable[[], str]:
        """A maker of plausible strings for the field ``name``, chosen once per field (the
        maker runs once per record: cheap calls keep 50,000 records within seconds)."""
        rng = self.rng
        draw = rng.random
        lowered = name.lower()

        if "number" in lowered or name == "CustomerId":

            def number() -> str:
                if draw() < 0.3:
                    return f"0{100 + int(draw() * 900)}{10**7 + int(draw() * 9 * 10**7)}"
                return _MOBILE_PREFIXES[int(draw() * len(_MOBILE_PREFIXES))] + str(
                    10**7 + int(draw() * 9 * 10**7)
                )

            return number
        if "location" in lowered:
            return lambda: _CITIES[int(draw() * len(_CITIES))]
        if lowered.endswith("names") or lowered.endswith("name"):
            return lambda: (
                _SURNAMES[int(draw() * len(_SURNAMES))] + _GIVEN[int(draw() * len(_GIVEN))]
            )
        if lowered.endswith("ids") or lowered.endswith("id"):
            stem = name[:-3] if name.endswith("Ids") else name[:-2]
            prefix, suffix = stem.lower() or "id", f"@{self.options.instance_id}"
            return lambda: f"{prefix}{1 + int(draw() * 49)}{suffix}"
        if "reason" in lowered:
            reasons = ("200 - OK", "486 - Busy Here", "487 - Request Terminated")
            return lambda: reasons[int(draw() * 3)]
        # random.choices(_LETTERS, k=...) draws so, without its own call's overhead.
        return lambda: "".join([_LETTERS[int(draw() * 26)] for _ in range(4 + int(draw() * 8))])

    def expression(self, schema: Mapping[str, Any], name: str, path: str) -> str:
        """Source of an expression making one value of ``schema`` (``m``: the record's latest
        moment, a one-item list). Objects and arrays are calls of their own functions, so an
        expression nests at most two deep, however deep the schema."""
        kinds = schema.get("type")
        types = [kinds] if isinstance(kinds, str) else list(kinds or ["string"])
        kind = next((t for t in types if t != "null"), "string")
        enum = schema.get("enum")
        if isinstance(enum, list) and enum:
            code = f"{self.cycle(list(enum))}()"
        elif kind == "object":
            code = f"{self.function(self.object_source(schema, path))}(m)"
        elif kind == "array":
            items = schema.get("items")
            if isinstance(items, Mapping):
                item = self.expression(items, name, path + "[]")
                body = f"[{item} for _ in range(1 + int(_r() * 3))]"
                code = f"{self.function(body)}(m)"
            else:
                code = "_empty()"
        elif kind == "boolean":
            code = "(_r() < 0.5)"
        elif kind in ("integer", "number"):
            examples = schema.get("examples") or [0]
            example = examples[0] if isinstance(examples[0], int | float) else 0
            timestamp = name.endswith("Time") and example >= _TIMESTAMP
            code = "_tick(m)" if timestamp else "int(_r() * 600)"
        else:
            code = f"{self.name(self.string(name))}()"
        return f"(None if _r() < 0.05 else {code})" if "null" in types else code

    def object_source(self, schema: Mapping[str, Any], path: str) -> str:
        properties = schema.get("properties")
        fields = [
            f"{name!r}: {self.expression(sub, name, f'{path}/{name}')}"
            for name, sub in (properties.items() if isinstance(properties, Mapping) else ())
            if isinstance(sub, Mapping)
        ]
        return "{" + ", ".join(fields) + "}"

    def function(self, body: str) -> str:
        """The name of a new function of ``m`` returning ``body``."""
        name = f"_f{len(self.sources)}"
        self.sources.append(f"def {name}(m):\n    return {body}\n")
        return name

    def record_maker(self, schema: Mapping[str, Any]) -> Make:
        """The compiled function making one record of the object ``schema``."""
        top = self.function(self.object_source(schema, ""))
        # The functions' globals are `names` itself: a cycle's first call rebinds its name there.
        exec(compile("".join(self.sources), "<synthetic records>", "exec"), self.names)
        make: Make = self.names[top]
        return make


def synthetic_records(
    schema: Mapping[str, Any],
    options: SyntheticOptions,
    *,
    time_field: str,
    match: Sequence[str],
) -> list[dict[str, Any]]:
    """``options.count`` records fitting the object ``schema``: ``time_field`` in the window,
    the ``match`` fields unique (the instance field set to ``options.instance_id``)."""
    rng = random.Random(options.seed)
    maker = _Maker(rng, options)
    make = maker.record_maker(schema)
    times = window_times(options, rng)
    id_base = 10_000_000_000_000 + rng.randrange(10**15)
    records: list[dict[str, Any]] = []
    with collector_paused():
        for index, start in enumerate(times):
            record = make([start])
            record[time_field] = start
            for field in match:
                if field.lower().startswith("instance"):
                    record[field] = options.instance_id
                else:
                    record[field] = f"job-{id_base + index}"
            records.append(record)
    return records
