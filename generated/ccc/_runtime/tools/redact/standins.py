# Copied by cccgen 0.1.0 from generator/cccgen/runtime/tools/redact/standins.py.
# Do not edit by hand: change the original and run `make generate`.
"""Stand-ins: what each kind of personal value becomes, deterministically under the key.

Each stand-in is drawn from HMAC-SHA256(key, kind, value): the same value of the same kind always
gets the same stand-in (records still join across fields and files), and without the key nothing
links a stand-in to its original. Stand-ins keep the shape that validation and readers rely on:

- `phone_number`: the same length; the country or leading prefix kept (`+86`, a Chinese mobile's
  first 3 digits, a leading `0` area code); digits stay digits, letters letters, and every other
  character (the mask `*`, `-`, spaces) stays where it was: `1332315****` -> `1339052****`.
- `person_name`: a plausible name of the same script (Chinese or Latin), from fixed lists; a
  comma-separated list of names is replaced name by name.
- `location`: a plausible place of the same script and form (`山东省-济南` -> `浙江省-宁波`).
- `email`: `<name><2 digits>@example.com`.
- `free_text`: a placeholder whose length lies in the original's length class (1-16, 17-64,
  65-256, 257-1024, longer characters), so no wording or exact length survives.

An empty string stays empty (it holds nothing personal). Standard library only.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from .keys import RedactKey

__all__ = ["KINDS", "Standins"]


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


_SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾萧田董潘袁蔡蒋余于杜叶程魏苏吕丁任沈"
_GIVEN = _words(
    "伟 芳 娜 敏 静 丽 强 磊 军 洋 勇 艳 杰 娟 涛 明 超 秀英 霞 平 刚 桂英 建华 文 华 红 玉兰 "
    "志强 海燕 雪 晨 宇 浩 欣怡 子涵 梓萱 一诺 俊杰 佳怡 思远 家豪 雨桐 嘉懿 博文"
)
_FIRST = _words(
    "Alex Amira Ana Ben Carla Chen Daniel Elena Emma Farah Felix Grace Hana Ivan Jonas Julia Kai "
    "Lara Leo Lucia Maya Mateo Mina Noah Nora Omar Paula Ravi Rosa Sami Sara Theo Uma Victor "
    "Wen Yara Yusuf Zoe"
)
_LAST = _words(
    "Adams Baker Becker Costa Diaz Evans Fischer Garcia Haddad Ito Jensen Kim Kowalski Lopez "
    "Martin Meyer Novak Okafor Park Patel Quinn Rossi Santos Schmidt Silva Tanaka Torres Ueda "
    "Varga Walker Weber Xu Young Zhang"
)
_PLACES_ZH = (
    ("北京市", "北京"), ("上海市", "上海"), ("天津市", "天津"), ("重庆市", "重庆"),
    ("河北省", "石家庄"), ("河北省", "保定"), ("山西省", "太原"), ("辽宁省", "大连"),
    ("吉林省", "长春"), ("黑龙江省", "哈尔滨"), ("江苏省", "南京"), ("江苏省", "苏州"),
    ("浙江省", "杭州"), ("浙江省", "宁波"), ("安徽省", "合肥"), ("福建省", "厦门"),
    ("江西省", "南昌"), ("山东省", "青岛"), ("山东省", "烟台"), ("河南省", "郑州"),
    ("湖北省", "武汉"), ("湖南省", "长沙"), ("广东省", "广州"), ("广东省", "深圳"),
    ("海南省", "海口"), ("四川省", "成都"), ("贵州省", "贵阳"), ("云南省", "昆明"),
    ("陕西省", "西安"), ("甘肃省", "兰州"), ("青海省", "西宁"), ("广西壮族自治区", "桂林"),
)  # fmt: skip
_PLACES_LATIN = (
    ("Bavaria", "Munich"), ("California", "Fresno"), ("Catalonia", "Girona"),
    ("Ontario", "Ottawa"), ("Queensland", "Cairns"), ("Lombardy", "Bergamo"),
    ("Texas", "Austin"), ("Kyoto", "Uji"), ("Gauteng", "Pretoria"), ("Jalisco", "Zapopan"),
    ("Victoria", "Geelong"), ("Scotland", "Dundee"), ("Brittany", "Rennes"),
    ("Andalusia", "Seville"), ("Saxony", "Leipzig"), ("Oregon", "Eugene"),
)  # fmt: skip
_LENGTH_CLASSES = (16, 64, 256, 1024)
_CJK = re.compile("[\u3400-\u9fff\uf900-\ufaff]")
_NAME_SEPARATORS = re.compile(r"([,，;；、|])")
_PLACE_SEPARATOR = re.compile("\\s*[-\uff0d/,\uff0c\u00b7]\\s*")  # also the full-width - and ,
_LETTERS = "abcdefghijklmnopqrstuvwxyz"


class _Draw:
    """Uniform choices from the HMAC stream of one (kind, value, attempt)."""

    def __init__(self, key: RedactKey, seed: bytes) -> None:
        self._bytes = self._stream(key, seed)

    @staticmethod
    def _stream(key: RedactKey, seed: bytes) -> Iterator[int]:
        block = 0
        while True:
            yield from key.digest(seed + b"\x00" + block.to_bytes(4, "big"))
            block += 1

    def below(self, n: int) -> int:
        """A number in range(n), n <= 256, without modulo bias (rejection sampling)."""
        limit = 256 - 256 % n
        while (byte := next(self._bytes)) >= limit:
            pass
        return byte % n

    def pick(self, items: tuple[str, ...] | list[str] | str) -> str:
        return items[self.below(len(items))]

    def hex(self, count: int) -> str:
        return "".join(f"{next(self._bytes):02x}" for _ in range((count + 1) // 2))[:count]


def _prefix_length(value: str) -> int:
    """How many leading characters of a phone number are kept: its country or leading prefix."""
    digits_from = 0
    if value.startswith("+86"):
        digits_from = 3
    elif value.startswith("+"):
        return min(3, len(value))  # `+` and a country code's first two digits
    elif value.startswith("0086"):
        digits_from = 4
    elif value.startswith("86") and len(value) == 13:
        digits_from = 2
    rest = value[digits_from:]
    if rest.startswith("0"):  # a Chinese area code: 010, 02x, else 0 and three digits
        return digits_from + (3 if rest[1:2] in ("1", "2") else 4)
    if rest.startswith("1") and len(rest) == 11:  # a Chinese mobile: its operator prefix
        return digits_from + 3
    return digits_from + 1 if rest[:1].isdigit() else digits_from


def _same_shape(draw: _Draw, text: str) -> str:
    """Digits by digits, ASCII letters by letters of the same case; anything else kept."""
    out = []
    for char in text:
        if char.isdigit() and char.isascii():
            out.append(str(draw.below(10)))
        elif char.isascii() and char.isalpha():
            letter = draw.pick(_LETTERS)
            out.append(letter.upper() if char.isupper() else letter)
        elif char.isalnum():
            out.append(draw.pick(_LETTERS))
        else:
            out.append(char)
    return "".join(out)


def _phone(draw: _Draw, value: str) -> str:
    keep = _prefix_length(value)
    return value[:keep] + _same_shape(draw, value[keep:])


def _one_name(draw: _Draw, value: str) -> str:
    if _CJK.search(value):
        return draw.pick(_SURNAMES) + draw.pick(_GIVEN)
    return f"{draw.pick(_FIRST)} {draw.pick(_LAST)}"


def _place(draw: _Draw, value: str) -> str:
    """`Province-City` when the value joins two names, else a city."""
    places = _PLACES_ZH if _CJK.search(value) else _PLACES_LATIN
    province, city = places[draw.below(len(places))]
    joined = _PLACE_SEPARATOR.search(value)
    return f"{province}{joined.group()}{city}" if joined else city


def _email(draw: _Draw, value: str) -> str:
    return f"{draw.pick(_FIRST).lower()}{draw.below(100):02d}@example.com"


def _free_text(draw: _Draw, value: str) -> str:
    low, high = 1, None
    for bound in _LENGTH_CLASSES:
        if len(value) <= bound:
            high = bound
            break
        low = bound + 1
    tag = draw.hex(8)
    text = f"[redacted {tag}]"
    if high is not None and len(text) > high:
        text = f"[{tag}]"
    return text + "." * max(0, low - len(text))


_RULES: dict[str, Callable[[_Draw, str], str]] = {
    "phone_number": _phone,
    "person_name": _one_name,
    "location": _place,
    "email": _email,
    "free_text": _free_text,
}
KINDS: tuple[str, ...] = tuple(_RULES)


class Standins:
    """The stand-ins of one key; remembers the ones already drawn (bounded) for speed."""

    CACHE_LIMIT = 100_000
    CACHE_VALUE_LIMIT = 256  # characters: the cache's memory stays bounded

    def __init__(self, key: RedactKey) -> None:
        self._key = key
        self._cache: dict[tuple[str, str], str] = {}

    def __repr__(self) -> str:
        return "Standins(<key>)"

    def replace(self, kind: str, value: str) -> str:
        """The stand-in of the string `value` of `kind` (one of KINDS); "" stays ""."""
        if not value.strip():
            return value
        found = self._cache.get((kind, value))
        if found is None:
            if kind == "person_name" and _NAME_SEPARATORS.search(value):
                found = "".join(
                    part if _NAME_SEPARATORS.fullmatch(part) else self._padded(kind, part)
                    for part in _NAME_SEPARATORS.split(value)
                )
            else:
                found = self._padded(kind, value)
            if len(value) <= self.CACHE_VALUE_LIMIT:  # long free text rarely repeats
                if len(self._cache) >= self.CACHE_LIMIT:
                    self._cache.clear()
                self._cache[kind, value] = found
        return found

    def _padded(self, kind: str, value: str) -> str:
        """The stand-in with the value's own leading and trailing spaces kept."""
        core = value.strip()
        if not core:
            return value
        start = value.index(core[0])
        return value[:start] + self._draw(kind, core) + value[start + len(core) :]

    def _draw(self, kind: str, value: str) -> str:
        rule = _RULES[kind]
        seed = kind.encode() + b"\x00" + value.encode("utf-8", "surrogatepass")
        for attempt in range(8):  # never the original itself, unless nothing can change
            found = rule(_Draw(self._key, seed + b"\x00" + bytes([attempt])), value)
            if found != value:
                return found
        return found
