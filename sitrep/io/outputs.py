"""Where a run writes: the records file and the failures file beside it; checked before any model call."""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from sitrep.errors import ConfigError


@dataclass(frozen=True)
class Outputs:
    records: Path
    failures: Path

    @classmethod
    def beside(cls, out: str | Path, failures: str | Path | None = None) -> Outputs:
        out = Path(out)
        return cls(out, Path(failures) if failures else out.with_name(out.stem + ".failures.jsonl"))

    def check(self) -> None:
        """Raise ConfigError in one line when the records or failures file cannot be written: their folders
        are made, and a file is created and removed in each."""
        for path in dict.fromkeys((self.records, self.failures)):
            folder = Path(path).parent
            try:
                folder.mkdir(parents=True, exist_ok=True)
                fd, probe = tempfile.mkstemp(dir=folder, prefix=f".{Path(path).name}.", suffix=".probe")
                os.close(fd)
                os.unlink(probe)
                if Path(path).exists() and not os.access(path, os.W_OK):
                    raise PermissionError(13, "Permission denied")
            except OSError as exc:
                raise ConfigError(f"{path}: cannot write there ({exc.strerror or exc})") from None
