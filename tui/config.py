"""User settings in the platformdirs config dir: the theme, whether moving the tree's cursor
previews the unit, and key overrides by binding id.

```toml
theme = "nord"
preview = false   # moving the tree's cursor shows the unit in the reader (default true)

[keymap]
"app.search" = "/,s"
"app.quit" = "q,ctrl+q"
```
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path

from briefing.content import paths
from briefing.content.atomic import write_atomically
from briefing.content.text import inert
from briefing.content.userfiles import describe_oserror, read_regular

#: A settings file is a few lines; anything larger is not one (and must not freeze the app).
MAX_CONFIG_BYTES = 1024 * 1024

#: One read-change-write of the file at a time (the theme and the preview save in workers).
_save_lock = threading.Lock()


@dataclass(slots=True)
class Config:
    theme: str | None = None
    #: Moving the tree's cursor shows the highlighted unit in the reader (enter still opens it).
    preview: bool = True
    keymap: dict[str, str] = field(default_factory=dict)
    #: The file read, for messages naming it.
    path: Path | None = None
    #: One-line problems met while reading the file; the app shows them, then carries on.
    problems: list[str] = field(default_factory=list)


def load_config(path: Path | None = None) -> Config:
    path = path or paths.config_file()
    config = Config(path=path)
    if not path.exists():
        return config
    import tomli  # only when there is a file to read

    try:
        data = tomli.loads(read_regular(path, MAX_CONFIG_BYTES).decode("utf-8"))
    except FileNotFoundError:
        return config
    except tomli.TOMLDecodeError as exc:
        config.problems.append(inert(f"{path}:{exc.lineno}:{exc.colno}: {exc.msg} (settings ignored)"))
        return config
    except UnicodeDecodeError as exc:
        config.problems.append(inert(f"{path}: not UTF-8 text (byte {exc.start}); settings ignored"))
        return config
    except OSError as exc:
        config.problems.append(inert(f"{path}: cannot read settings: {describe_oserror(exc)}"))
        return config
    theme = data.get("theme")
    if isinstance(theme, str) and theme.isprintable():
        config.theme = theme
    elif theme is not None:
        config.problems.append(f'{path}: "theme" must be a theme name (ignored)')
    preview = data.get("preview")
    if isinstance(preview, bool):
        config.preview = preview
    elif preview is not None:
        config.problems.append(f'{path}: "preview" must be true or false (ignored)')
    keymap = data.get("keymap", {})
    if isinstance(keymap, dict):
        for binding_id, keys in keymap.items():
            if not binding_id.isprintable():
                config.problems.append(f'{path}: keymap "{inert(binding_id)}": not a binding id (ignored)')
            elif isinstance(keys, str) and keys.strip() and keys.isprintable():
                config.keymap[binding_id] = keys
            else:
                config.problems.append(
                    f'{path}: keymap "{inert(binding_id)}" must be a string of printable keys (ignored)'
                )
    else:
        config.problems.append(f"{path}: [keymap] must be a table (ignored)")
    return config


def save_theme(theme: str, path: Path | None = None) -> str | None:
    """Persist the theme, keeping the rest of the file; return a one-line error or None."""
    import json

    return save_setting("theme", json.dumps(theme), "the theme", path)


def save_preview(on: bool, path: Path | None = None) -> str | None:
    """Persist whether moving the tree's cursor previews; a one-line error or None."""
    return save_setting("preview", "true" if on else "false", "the preview setting", path)


def save_setting(name: str, value: str, what: str, path: Path | None = None) -> str | None:
    """Set the top-level ``name = value`` (``value`` already TOML), keeping the rest of the
    file; return a one-line error or None."""
    with _save_lock:
        return _save_setting(name, value, what, path or paths.config_file())


def _save_setting(name: str, value: str, what: str, path: Path) -> str | None:
    try:
        text = read_regular(path, MAX_CONFIG_BYTES).decode("utf-8")
    except FileNotFoundError:
        text = ""
    except UnicodeDecodeError as exc:
        # Rewriting a file we cannot read would lose what it holds: leave it alone.
        return inert(f"{path}: not UTF-8 text (byte {exc.start}); {what} is not saved")
    except OSError as exc:
        return inert(f"{path}: cannot read settings: {describe_oserror(exc)}")
    lines = text.splitlines()
    # Top-level settings live above any table; rewrite the line in place or put it first.
    new_line = f"{name} = {value}"
    for index, line in enumerate(lines):
        if line.lstrip().startswith("["):
            lines.insert(index, new_line)  # above the first table, or it would join it
            break
        if line.split("=", 1)[0].strip() == name:
            lines[index] = new_line
            break
    else:
        lines.insert(0, new_line)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(path, ("\n".join(lines) + "\n").encode("utf-8"))
    except OSError as exc:
        return inert(f"{path}: cannot save {what}: {describe_oserror(exc)}")
    return None
