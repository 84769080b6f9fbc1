"""Live monitoring: poll RSS/Atom feeds and pages listed in FEEDS.toml, ingest new articles.

    config = load_config(Path("FEEDS.toml"))
    with Store(url) as store, Watcher(store, pipeline, config.politeness, interval=config.interval) as w:
        report = w.poll(config.sources)

`http` is the polite client (robots.txt, per-host pacing, limits, retries), `feeds` reads feeds,
`state` keeps what was seen in the database, `watcher` runs a poll and hands articles to
`store.ingest`. Reading a page's main text is the ingest stage's job (`ingest.html`).
"""

from incidentwire.watch.config import ConfigError, Source, WatchConfig, load_config, parse_config, parse_interval
from incidentwire.watch.http import PoliteClient, Politeness
from incidentwire.watch.state import WatchState
from incidentwire.watch.watcher import NoExtraction, PollReport, Watcher

__all__ = ["ConfigError", "NoExtraction", "Politeness", "PoliteClient", "PollReport", "Source", "WatchConfig",
           "WatchState", "Watcher", "load_config", "parse_config", "parse_interval"]
