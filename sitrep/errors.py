"""One error tree; the CLI turns these into one-line messages."""


class SitrepError(Exception):
    """Base of every error sitrep raises on purpose."""


class ConfigError(SitrepError):
    """The configuration cannot work (bad key, unknown model, missing file)."""


class InputError(SitrepError):
    """An input file or line cannot be read as an article."""


class ModelFileError(ConfigError):
    """The model weights are missing or do not match their expected size and hash."""


class BackendError(SitrepError):
    """The LLM backend failed; `original` is the underlying exception."""

    def __init__(self, message: str, *, backend: str, original: BaseException | None = None):
        super().__init__(message)
        self.backend = backend
        self.original = original


class ExtractionError(SitrepError):
    """An article could not be extracted after all attempts."""

    def __init__(self, message: str, *, attempts: int):
        super().__init__(message)
        self.attempts = attempts


class NoRoomError(SitrepError):
    """A disk or quota is full (or read-only) where the run must keep what it makes: the records file, the
    failures file or the answer cache. The run stops starting work (no model call whose answer cannot be
    kept); `path` is where it could not write."""

    def __init__(self, message: str, *, path: str):
        super().__init__(message)
        self.path = path
