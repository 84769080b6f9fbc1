"""FEEDS.toml: the sources to watch and how politely to fetch them.

    interval = "15m"                 # between polls (the --interval option wins)

    [politeness]                     # all optional; these are the defaults
    user_agent = "incidentwire/0.1 (+news incident monitor)"
    host_delay = 1.0                 # seconds between two requests to one host
    host_concurrency = 2             # requests in flight to one host
    timeout = 30.0                   # seconds for one whole request
    max_bytes = 10_000_000           # larger pages and feeds are refused
    retries = 2                      # extra tries for timeouts, 429 and 5xx, with back-off
    robots = true                    # obey robots.txt

    [[feed]]                         # an RSS or Atom feed: every item is an article page
    url = "https://example.org/world/rss.xml"
    name = "Example World"           # optional

    [[page]]                         # a page that is itself the article (re-read when it changes)
    url = "https://example.org/live/attack"
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any, Literal

from incidentwire.watch.http import Politeness

Kind = Literal["feed", "page"]
DEFAULT_INTERVAL = 15 * 60.0
_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


class ConfigError(ValueError):
    """FEEDS.toml cannot be used: a one-line message naming the file and the problem."""


@dataclass(frozen=True)
class Source:
    url: str
    kind: Kind
    name: str | None = None


@dataclass
class WatchConfig:
    sources: list[Source] = field(default_factory=list)
    interval: float = DEFAULT_INTERVAL
    politeness: Politeness = field(default_factory=Politeness)


def parse_interval(value: str | float | int) -> float:
    """'15m', '30s', '2h', '1d' or a number of seconds -> seconds (at least 1)."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        seconds = float(value)
    else:
        match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*", str(value).lower())
        if not match:
            raise ValueError(f"not a duration: {value!r} (use e.g. 30s, 15m, 1h)")
        seconds = float(match.group(1)) * _UNITS[match.group(2) or "s"]
    if seconds < 1:
        raise ValueError(f"interval {value!r} is under one second")
    return seconds


def load_config(path: Path) -> WatchConfig:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"{path}: no such file") from None
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(f"{path}: cannot read: {error}") from None
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: not valid TOML: {error}") from None
    return parse_config(data, str(path))


def parse_config(data: dict[str, Any], where: str = "FEEDS.toml") -> WatchConfig:
    unknown = set(data) - {"interval", "politeness", "feed", "page"}
    if unknown:
        raise ConfigError(f"{where}: unknown key(s) {', '.join(sorted(unknown))}; "
                          "expected interval, [politeness], [[feed]], [[page]]")
    config = WatchConfig()
    if "interval" in data:
        try:
            config.interval = parse_interval(data["interval"])
        except ValueError as error:
            raise ConfigError(f"{where}: {error}") from None
    config.politeness = _politeness(data.get("politeness", {}), where)
    seen: set[str] = set()
    for kind in ("feed", "page"):
        entries = data.get(kind, [])
        if not isinstance(entries, list):
            raise ConfigError(f"{where}: '{kind}' must be a list of tables ([[{kind}]])")
        for number, entry in enumerate(entries, start=1):
            source = _source(entry, kind, f"{where}: [[{kind}]] #{number}")
            if source.url in seen:
                raise ConfigError(f"{where}: {source.url} is listed twice")
            seen.add(source.url)
            config.sources.append(source)
    if not config.sources:
        raise ConfigError(f"{where}: no [[feed]] or [[page]] to watch")
    return config


def _source(entry: Any, kind: Kind, where: str) -> Source:
    if not isinstance(entry, dict) or not isinstance(entry.get("url"), str):
        raise ConfigError(f"{where}: needs url = \"http(s)://...\"")
    url = entry["url"].strip()
    if not re.match(r"https?://[^/\s]+", url):
        raise ConfigError(f"{where}: {url!r} is not an http(s) URL")
    extra = set(entry) - {"url", "name"}
    if extra:
        raise ConfigError(f"{where}: unknown key(s) {', '.join(sorted(extra))}")
    name = entry.get("name")
    return Source(url=url, kind=kind, name=str(name) if name is not None else None)


def _politeness(table: Any, where: str) -> Politeness:
    if not isinstance(table, dict):
        raise ConfigError(f"{where}: [politeness] must be a table")
    defaults = Politeness()
    known = {f.name: type(getattr(defaults, f.name)) for f in fields(Politeness)}
    values: dict[str, Any] = {}
    for key, value in table.items():
        if key not in known:
            raise ConfigError(f"{where}: unknown [politeness] key {key!r}; known: {', '.join(known)}")
        want = known[key]
        if want is float and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        if not isinstance(value, want) or (want is int and isinstance(value, bool)):
            raise ConfigError(f"{where}: [politeness] {key} must be {want.__name__}, got {value!r}")
        if want in (int, float) and value < 0:
            raise ConfigError(f"{where}: [politeness] {key} must not be negative")
        values[key] = value
    if values.get("host_concurrency", 1) < 1:
        raise ConfigError(f"{where}: [politeness] host_concurrency must be at least 1")
    return Politeness(**values)
