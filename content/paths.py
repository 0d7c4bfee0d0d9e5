"""Every path the app reads or writes outside its own package, in one place.

platformdirs honours the XDG variables on Linux, so tests point ``XDG_DATA_HOME``,
``XDG_CACHE_HOME`` and ``XDG_CONFIG_HOME`` at a temporary folder. Nothing is created here:
callers create what they write.
"""

from __future__ import annotations

from pathlib import Path

import platformdirs

APP_NAME = "briefing"


def bundled_dir() -> Path:
    """The briefings shipped inside the package (installed as plain files, never zipped:
    ``importlib.resources`` would cost the app's start a module to answer the same)."""
    return Path(__file__).parent / "briefings"


def data_dir() -> Path:
    return platformdirs.user_data_path(APP_NAME, appauthor=False)


def user_content_dir() -> Path:
    """Where a user's own briefings live: each a folder with briefing.toml, or one .toml file."""
    return data_dir() / "briefings"


def bookmarks_file() -> Path:
    return data_dir() / "bookmarks.json"


def session_file() -> Path:
    """Where the app keeps what the user left it at: unit, scroll, queries, folders, sort."""
    return data_dir() / "session.json"


def cache_dir() -> Path:
    return platformdirs.user_cache_path(APP_NAME, appauthor=False)


def index_dir() -> Path:
    return cache_dir() / "index"


def config_dir() -> Path:
    return platformdirs.user_config_path(APP_NAME, appauthor=False)


def config_file() -> Path:
    return config_dir() / "config.toml"


def documents_dir() -> Path:
    return platformdirs.user_documents_path()


def describe() -> dict[str, Path]:
    """Every user path by name, for the README, `briefing paths` and the help screen."""
    return {
        "content": user_content_dir(),
        "bookmarks": bookmarks_file(),
        "session": session_file(),
        "index": index_dir(),
        "config": config_file(),
        "exports (default)": documents_dir(),
    }
