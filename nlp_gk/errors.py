"""Domain exceptions. The library raises these; the CLI turns them into click errors."""

from __future__ import annotations


class NlpGkError(Exception):
    """Base class for every error nlp_gk raises on purpose."""


class InputError(NlpGkError):
    """A file could not be read as a report; ``path`` and ``reason`` say which and why."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = str(path)
        self.reason = reason


class ManifestError(NlpGkError):
    """A manifest is missing, malformed or lacks the ``path`` column."""


class ModelError(NlpGkError):
    """A model folder is missing, incomplete, tampered with or incompatible."""


class ConfigError(NlpGkError):
    """A parameter is out of range or inconsistent."""
