"""Model file assembly and checks, with small fake parts instead of the real weights."""

from __future__ import annotations

import hashlib
import os
import threading
from pathlib import Path

import pytest

from sitrep.errors import ConfigError, ModelFileError
from sitrep.llm import model_files
from sitrep.llm.model_files import (
    ModelSpec,
    check_gguf,
    ensure_model,
    find_parts,
    resolve_model,
    verify_model,
)

CHUNKS = [b"GGUF" + b"a" * 1000, b"b" * 777, b"c" * 5]
CONTENT = b"".join(CHUNKS)


def make_spec(
    content: bytes = CONTENT, packages: tuple[str, ...] = ("fake_part1", "fake_part2", "fake_part3")
):
    return ModelSpec(
        filename="tiny.gguf",
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        part_packages=packages,
    )


@pytest.fixture
def parts(tmp_path: Path) -> list[Path]:
    paths = []
    for i, chunk in enumerate(CHUNKS, start=1):
        p = tmp_path / "parts" / f"part{i:02d}.bin"
        p.parent.mkdir(exist_ok=True)
        p.write_bytes(chunk)
        paths.append(p)
    return paths


@pytest.fixture
def cache(tmp_path: Path) -> Path:
    return tmp_path / "cache"


def leftovers(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir() if p.name.endswith(".part"))


def test_assembles_parts_in_order_and_writes_marker(cache, parts):
    spec = make_spec()
    path = ensure_model(cache, spec, parts)
    assert path == cache / "models" / "tiny.gguf"
    assert path.read_bytes() == CONTENT
    assert Path(str(path) + ".sha256").is_file()
    assert leftovers(path.parent) == []
    verify_model(path, spec)


def test_reuse_does_not_rehash(cache, parts, monkeypatch):
    spec = make_spec()
    first = ensure_model(cache, spec, parts)

    def no_hashing(*args, **kwargs):
        raise AssertionError("the model was rehashed")

    monkeypatch.setattr(model_files.hashlib, "sha256", no_hashing)
    assert ensure_model(cache, spec, parts) == first
    assert ensure_model(cache, spec, parts=[]) == first  # the parts are not even needed


def test_changed_file_is_rehashed_then_reassembled(cache, parts):
    spec = make_spec()
    path = ensure_model(cache, spec, parts)
    before = path.stat().st_mtime_ns
    path.write_bytes(b"X" * spec.size)  # same size, new mtime: the marker no longer matches
    os.utime(path, ns=(before + 10**9, before + 10**9))
    assert ensure_model(cache, spec, parts) == path
    assert path.read_bytes() == CONTENT


def test_truncated_cache_file_is_reassembled(cache, parts):
    spec = make_spec()
    path = ensure_model(cache, spec, parts)
    path.write_bytes(CONTENT[:100])
    ensure_model(cache, spec, parts)
    assert path.read_bytes() == CONTENT


def test_valid_file_without_marker_is_verified_once_and_kept(cache, parts):
    spec = make_spec()
    path = cache / "models" / "tiny.gguf"
    path.parent.mkdir(parents=True)
    path.write_bytes(CONTENT)
    assert ensure_model(cache, spec, parts=[]) == path
    assert Path(str(path) + ".sha256").is_file()


def test_corrupted_part_is_rejected_and_nothing_is_left(cache, parts):
    parts[1].write_bytes(b"B" * 777)  # same size, wrong bytes
    with pytest.raises(ModelFileError) as err:
        ensure_model(cache, make_spec(), parts)
    message = str(err.value)
    assert "sha256" in message and "pip install" in message and "SITREP_MODEL_PATH" in message
    assert "\n" not in message
    models = cache / "models"
    assert not (models / "tiny.gguf").exists()
    assert not (models / "tiny.gguf.sha256").exists()
    assert leftovers(models) == []


def test_size_mismatch_is_rejected(cache, parts):
    parts[2].write_bytes(b"c" * 4)
    with pytest.raises(
        ModelFileError, match=f"add up to {len(CONTENT) - 1} bytes, expected {len(CONTENT)}"
    ) as err:
        ensure_model(cache, make_spec(), parts)
    assert "\n" not in str(err.value)
    assert not (cache / "models" / "tiny.gguf").exists()
    assert leftovers(cache / "models") == []


def test_unreadable_part_is_named(cache, parts):
    parts[1].unlink()
    with pytest.raises(ModelFileError, match="part 2"):
        ensure_model(cache, make_spec(), parts)


def test_missing_part_package_is_named(cache):
    spec = make_spec(packages=("sitrep_absent_model_part1", "sitrep_absent_model_part2"))
    with pytest.raises(ModelFileError) as err:
        ensure_model(cache, spec)
    message = str(err.value)
    assert "part 1 of 2" in message and "sitrep-absent-model-part1" in message
    assert "pip install 'sitrep[embedded]'" in message.replace("--force-reinstall ", "")
    assert isinstance(err.value, ConfigError)


def fake_package(root: Path, name: str, index: int, data: bytes | None) -> None:
    pkg = root / name
    (pkg / "data").mkdir(parents=True)
    (pkg / "__init__.py").write_text("")
    if data is not None:
        (pkg / "data" / f"part{index:02d}.bin").write_bytes(data)


def test_find_parts_locates_installed_packages(tmp_path, monkeypatch, cache):
    names = ("sitrep_fake_weights_part1", "sitrep_fake_weights_part2", "sitrep_fake_weights_part3")
    for i, (name, chunk) in enumerate(zip(names, CHUNKS), start=1):
        fake_package(tmp_path / "site", name, i, chunk)
    monkeypatch.syspath_prepend(str(tmp_path / "site"))
    spec = make_spec(packages=names)
    found = find_parts(spec)
    assert [p.name for p in found] == ["part01.bin", "part02.bin", "part03.bin"]
    assert ensure_model(cache, spec).read_bytes() == CONTENT


def test_find_parts_names_a_package_without_its_data(tmp_path, monkeypatch):
    names = ("sitrep_hollow_weights_part1", "sitrep_hollow_weights_part2")
    fake_package(tmp_path / "site", names[0], 1, b"GGUF")
    fake_package(tmp_path / "site", names[1], 2, None)
    monkeypatch.syspath_prepend(str(tmp_path / "site"))
    with pytest.raises(
        ModelFileError, match="part 2 of 2 is missing .sitrep-hollow-weights-part2 has no data"
    ):
        find_parts(make_spec(packages=names))


def test_concurrent_callers_assemble_once(cache, parts, monkeypatch):
    spec = make_spec()
    calls = []
    real = model_files._assemble

    def counting(*args):
        calls.append(1)
        real(*args)

    monkeypatch.setattr(model_files, "_assemble", counting)
    results, errors = [], []

    def run():
        try:
            results.append(ensure_model(cache, spec, parts))
        except ModelFileError as e:  # pragma: no cover - reported below
            errors.append(e)

    threads = [threading.Thread(target=run) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert len(set(results)) == 1 and len(calls) == 1
    assert results[0].read_bytes() == CONTENT


def test_verify_model_checks_size_and_hash(tmp_path):
    spec = make_spec()
    good = tmp_path / "good.gguf"
    good.write_bytes(CONTENT)
    verify_model(good, spec)

    short = tmp_path / "short.gguf"
    short.write_bytes(CONTENT[:-1])
    with pytest.raises(ModelFileError, match=f"{len(CONTENT) - 1} bytes, expected {len(CONTENT)}"):
        verify_model(short, spec)

    wrong = tmp_path / "wrong.gguf"
    wrong.write_bytes(CONTENT[:-1] + b"d")
    with pytest.raises(ModelFileError, match="sha256"):
        verify_model(wrong, spec)

    with pytest.raises(ModelFileError, match="does not exist"):
        verify_model(tmp_path / "absent.gguf", spec)


def test_model_path_is_used_as_is(tmp_path, cache):
    own = tmp_path / "my-model.gguf"
    own.write_bytes(b"GGUF" + os.urandom(64))
    assert resolve_model(own, cache) == own
    assert not cache.exists()  # the packaged weights were not touched


def test_model_path_must_be_gguf(tmp_path, cache):
    other = tmp_path / "weights.bin"
    other.write_bytes(b"PK\x03\x04 not a model")
    with pytest.raises(ModelFileError, match="not a GGUF file") as err:
        resolve_model(other, cache)
    assert "SITREP_MODEL_PATH" in str(err.value)

    with pytest.raises(ModelFileError, match="cannot be read"):
        check_gguf(tmp_path / "absent.gguf")


def test_packaged_spec_matches_the_published_model():
    spec = model_files.QWEN_CODER_1_5B
    assert spec.filename == "qwen2.5-coder-1.5b-instruct-q4_k_m.gguf"
    assert spec.size == 1_117_320_768
    assert len(spec.part_packages) == 22 and spec.part_file(7) == "part07.bin"
