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
    """Values for one schema, record after record; enum fields cycle through their values."""

    def __init__(self, rng: random.Random, options: SyntheticOptions) -> None:
        self.rng = rng
        self.options = options
        self.cycles: dict[str, int] = {}

    def enum_value(self, path: str, values: Sequence[Any]) -> Any:
        if path not in self.cycles:
            self.cycles[path] = self.rng.randrange(len(values))
        position = self.cycles[path]
        self.cycles[path] = position + 1
        return values[position % len(values)]

    def string(self, name: str) -> Callable[[], str]:
        """A maker of plausible strings for the field ``name``, chosen once per field (the
        maker runs once per record: cheap calls keep 50,000 records within seconds)."""
        rng = self.rng
        draw = rng.random
        lowered = name.lower()

        def below(n: int) -> int:
            return int(draw() * n)

        if "number" in lowered or name == "CustomerId":

            def number() -> str:
                if draw() < 0.3:
                    return f"0{100 + below(900)}{10**7 + below(9 * 10**7)}"
                return _MOBILE_PREFIXES[below(len(_MOBILE_PREFIXES))] + str(
                    10**7 + below(9 * 10**7)
                )

            return number
        if "location" in lowered:
            return lambda: _CITIES[below(len(_CITIES))]
        if lowered.endswith("names") or lowered.endswith("name"):
            return lambda: _SURNAMES[below(len(_SURNAMES))] + _GIVEN[below(len(_GIVEN))]
        if lowered.endswith("ids") or lowered.endswith("id"):
            stem = name[:-3] if name.endswith("Ids") else name[:-2]
            prefix, suffix = stem.lower() or "id", f"@{self.options.instance_id}"
            return lambda: f"{prefix}{1 + below(49)}{suffix}"
        if "reason" in lowered:
            reasons = ("200 - OK", "486 - Busy Here", "487 - Request Terminated")
            return lambda: reasons[below(3)]
        return lambda: "".join(rng.choices(_LETTERS, k=4 + below(8)))

    def compile(self, schema: Mapping[str, Any], name: str, path: str) -> Make:
        """A function making one value of ``schema`` (the schema is read once, not per record)."""
        rng = self.rng
        kinds = schema.get("type")
        types = [kinds] if isinstance(kinds, str) else list(kinds or ["string"])
        kind = next((t for t in types if t != "null"), "string")
        make: Make
        enum = schema.get("enum")
        if isinstance(enum, list) and enum:
            values = list(enum)

            def make(moment: list[int]) -> Any:
                return self.enum_value(path, values)

        elif kind == "object":
            make = self.compile_object(schema, path)
        elif kind == "array":
            items = schema.get("items")
            one = self.compile(items, name, path + "[]") if isinstance(items, Mapping) else None

            def make(moment: list[int]) -> Any:
                count = 1 + int(rng.random() * 3)
                return [] if one is None else [one(moment) for _ in range(count)]

        elif kind == "boolean":

            def make(moment: list[int]) -> Any:
                return rng.random() < 0.5

        elif kind in ("integer", "number"):
            examples = schema.get("examples") or [0]
            example = examples[0] if isinstance(examples[0], int | float) else 0
            if name.endswith("Time") and example >= _TIMESTAMP:

                def make(moment: list[int]) -> Any:
                    # Each moment of a record comes after the one before it: events in order.
                    moment[0] += 1 + int(rng.random() * 29_999)
                    return moment[0]

            else:

                def make(moment: list[int]) -> Any:
                    return int(rng.random() * 600)

        else:
            text = self.string(name)

            def make(moment: list[int]) -> Any:
                return text()

        if "null" not in types:
            return make
        inner = make

        def nullable(moment: list[int]) -> Any:
            return None if rng.random() < 0.05 else inner(moment)

        return nullable

    def compile_object(self, schema: Mapping[str, Any], path: str) -> Make:
        properties = schema.get("properties")
        parts = [
            (name, self.compile(sub, name, f"{path}/{name}"))
            for name, sub in (properties.items() if isinstance(properties, Mapping) else ())
            if isinstance(sub, Mapping)
        ]

        def make(moment: list[int]) -> Any:
            return {name: part(moment) for name, part in parts}

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
    make = maker.compile_object(schema, "")
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
