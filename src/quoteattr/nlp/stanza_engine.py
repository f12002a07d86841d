"""The stanza engine (placeholder until the stanza engine lands): model discovery only."""

from __future__ import annotations

import os
from pathlib import Path

import attrs


@attrs.frozen
class ModelsFound:
    ok: bool
    directory: Path
    reason: str = ""


def default_dir() -> Path:
    return Path(os.environ.get("STANZA_RESOURCES_DIR") or Path.home() / "stanza_resources")


def find_models(lang: str = "en", models_dir: str | Path | None = None) -> ModelsFound:
    d = Path(models_dir) if models_dir else default_dir()
    if not (d / "resources.json").is_file() or not (d / lang).is_dir():
        return ModelsFound(False, d, f"nothing in {d}")
    return ModelsFound(True, d)


class StanzaEngine:  # pragma: no cover - replaced by the stanza engine
    name = "stanza"

    def __init__(self, *args, **kwargs):
        raise NotImplementedError("the stanza engine is not available yet")
