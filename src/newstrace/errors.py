"""The project's exception tree.

::

    NewstraceError            base: catch this to catch everything newstrace raises on purpose
    ├── InputError            an input cannot be read or is not a usable article (E1xx)
    ├── ConfigError           a setting, flag or settings file is wrong (E2xx)
    ├── StageError            a pipeline stage failed or the pipeline is mis-assembled (E3xx)
    ├── ModelError            a model artifact is missing or cannot be loaded (E4xx)
    └── StoreError            the DuckDB store cannot be opened, migrated or written (E5xx)

Every error carries a short code and a message that names the input and says what to do.
The CLI prints ``str(error)`` on one line and exits non-zero; anything else is a bug and
keeps its traceback.
"""

from __future__ import annotations


class NewstraceError(Exception):
    code = "E000"

    def __init__(self, message: str, *, code: str | None = None) -> None:
        super().__init__(message)
        if code is not None:
            self.code = code

    def __str__(self) -> str:
        return f"[{self.code}] {self.args[0]}"


class InputError(NewstraceError):
    code = "E100"


class ConfigError(NewstraceError):
    code = "E200"


class StageError(NewstraceError):
    code = "E300"


class ModelError(NewstraceError):
    code = "E400"


class StoreError(NewstraceError):
    code = "E500"
