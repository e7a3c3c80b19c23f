"""Built-in pipeline stages, one module per stage. ``load_builtin()`` registers them."""

from __future__ import annotations

import importlib

#: Modules whose import registers the built-in stages.
BUILTIN_MODULES = ("clean", "dedupe", "annotate", "attribution", "entities", "claims", "genre", "stories", "stance")


def load_builtin() -> None:
    for name in BUILTIN_MODULES:
        importlib.import_module(f"newstrace.stages.{name}")
