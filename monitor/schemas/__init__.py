"""JSON Schemas (draft 2020-12) of the records on every topic, generated from ``monitor.models``.

The ``*.schema.json`` files here are the published contracts: consumers in other languages validate
against them. ``python -m monitor.schemas`` rewrites them from the models; a test fails when the
files and the models drift apart.
"""

from __future__ import annotations

import json
from importlib.resources import files
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from monitor.models import Alert, Analysis, DeadLetter, NewsItem

#: schema file stem -> model
CONTRACTS: dict[str, type[BaseModel]] = {
    "news_item": NewsItem,
    "analysis": Analysis,
    "alert": Alert,
    "dead_letter": DeadLetter,
}

_BASE_ID = "https://marsad.invalid/schemas/"


def generate(name: str) -> dict[str, Any]:
    model = CONTRACTS[name]
    schema = model.model_json_schema(mode="serialization")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"{_BASE_ID}{name}.schema.json",
        **schema,
    }


def load(name: str) -> dict[str, Any]:
    """The published schema ``name`` (news_item, analysis, alert, dead_letter)."""
    text = files(__name__).joinpath(f"{name}.schema.json").read_text(encoding="utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


def render(name: str) -> str:
    return json.dumps(generate(name), ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def write_all(directory: Path | None = None) -> list[Path]:
    out_dir = directory or Path(__file__).parent
    written = []
    for name in CONTRACTS:
        path = out_dir / f"{name}.schema.json"
        path.write_text(render(name), encoding="utf-8")
        written.append(path)
    return written
