"""The embedded llama.cpp backend with the real model (slow: loads ~1 GB of weights)."""

from __future__ import annotations

import json
from urllib.parse import urlsplit

import httpx
import instructor
import pytest
from pydantic import BaseModel

from sitrep.config import Settings
from sitrep.llm import embedded
from sitrep.llm.model_files import find_parts

pytestmark = pytest.mark.embedded

MESSAGES = [
    {"role": "system", "content": "Extract facts from the news text. Answer in JSON."},
    {
        "role": "user",
        "content": "Text: Poland and Lithuania signed a mutual defence pact in Vilnius on Monday.",
    },
]


class Pact(BaseModel):
    countries: list[str]
    city: str


@pytest.fixture(scope="module")
def settings() -> Settings:
    s = Settings(backend="embedded", concurrency=1, context_size=2048, timeout=300)
    if s.model_path is None:
        # raises ModelFileError naming the missing part package: the test fails, it is not skipped
        find_parts()
    return s


@pytest.fixture(scope="module")
def backend(settings):
    b = embedded.embedded_backend(settings)
    yield b
    b.close()
    embedded.shutdown_embedded()


def root(backend) -> str:
    url = urlsplit(str(backend.client.base_url))
    return f"{url.scheme}://{url.netloc}"


def test_listens_on_loopback_only(backend, settings):
    url = urlsplit(str(backend.client.base_url))
    assert url.hostname == "127.0.0.1" and url.port
    assert httpx.get(root(backend) + "/health", timeout=10).status_code == 200
    assert backend.name == "embedded"
    assert backend.model == settings.model_name()
    assert backend.mode is instructor.Mode.JSON_SCHEMA
    assert backend.secrets == (backend.client.api_key,) and len(backend.client.api_key) >= 32


def test_rejects_requests_without_its_key(backend):
    body = {"model": backend.model, "messages": MESSAGES, "max_tokens": 4}
    url = root(backend) + "/v1/chat/completions"
    assert httpx.post(url, json=body, timeout=30).status_code == 401
    wrong = {"Authorization": "Bearer not-the-key"}
    assert httpx.post(url, json=body, headers=wrong, timeout=30).status_code == 401
    assert httpx.get(root(backend) + "/v1/models", timeout=30).status_code == 401
    right = {"Authorization": f"Bearer {backend.client.api_key}"}
    assert httpx.get(root(backend) + "/v1/models", headers=right, timeout=30).status_code == 200


def test_json_schema_response_format_is_enforced(backend):
    response = backend.client.chat.completions.create(
        model=backend.model,
        messages=MESSAGES,
        temperature=0,
        max_tokens=64,
        response_format={
            "type": "json_schema",
            "json_schema": {"name": "Pact", "schema": Pact.model_json_schema(), "strict": True},
        },
    )
    content = response.choices[0].message.content
    pact = Pact.model_validate(json.loads(content))
    assert pact.countries


def test_instructor_json_schema_mode(backend):
    client = instructor.from_openai(backend.client, mode=instructor.Mode.JSON_SCHEMA)
    pact = client.chat.completions.create(
        model=backend.model,
        messages=MESSAGES,
        response_model=Pact,
        temperature=0,
        max_tokens=64,
        max_retries=1,
    )
    assert isinstance(pact, Pact)
    assert {c.lower() for c in pact.countries} & {"poland", "lithuania"}


def test_one_server_per_process(backend, settings):
    second = embedded.embedded_backend(settings)
    third = embedded.embedded_backend(settings.model_copy(update={"concurrency": 4}))
    assert second.client.base_url == backend.client.base_url == third.client.base_url
    assert second.client.api_key == backend.client.api_key
    second.close()
    second.close()  # closing twice releases only once
    third.close()
    # the module's backend still holds the server
    assert httpx.get(root(backend) + "/health", timeout=10).status_code == 200


def test_shutdown_stops_the_server(backend):
    embedded.shutdown_embedded()
    with pytest.raises(httpx.TransportError):
        httpx.get(root(backend) + "/health", timeout=5)
    backend.close()  # harmless after shutdown
