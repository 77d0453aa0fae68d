"""Transport retries (tenacity) and fail-fast configuration errors, through the real openai client."""

import time

import httpx
import pytest
from fakellm import FakeLLM, HttpReply

from sitrep.errors import BackendError, ConfigError, ExtractionError
from sitrep.extract import extract_article
from sitrep.schemas import Article

ARTICLE = Article(id="a", text="Shelling killed 12 people in Kharkiv.")
GOOD = [{"quote": "Shelling killed 12 people in Kharkiv", "count": 12, "measure": "killed",
         "group": "people"}]


def test_transient_errors_are_retried(settings):
    fake = FakeLLM(queue={"casualty_figure": [HttpReply(500, "boom"), HttpReply(503), HttpReply(502),
                                              httpx.ConnectTimeout("slow"), GOOD]})
    result = extract_article(ARTICLE, fake.backend(), settings)
    assert [r.count.value for r in result.records] == [12]
    assert result.stats.transport_retries == 4
    assert fake.calls("casualty_figure") == 5
    assert result.stats.model_calls == len(fake.requests)
    assert result.stats.reasks == 0


def test_429_honours_retry_after(settings):
    s = settings.model_copy(update={"retry_max_wait": 5.0})
    fake = FakeLLM(queue={"casualty_figure": [HttpReply(429, "slow down", {"retry-after": "1"}), GOOD]})
    started = time.monotonic()
    result = extract_article(ARTICLE, fake.backend(), s)
    assert time.monotonic() - started >= 1.0
    assert result.stats.transport_retries == 1 and len(result.records) == 1


def test_retries_are_bounded(settings):
    fake = FakeLLM(queue={"casualty_figure": [HttpReply(503)] * 50})
    with pytest.raises(BackendError) as info:
        extract_article(ARTICLE, fake.backend(), settings)
    assert fake.calls("casualty_figure") == settings.max_retries + 1
    assert "503" in str(info.value)


@pytest.mark.parametrize("status,hint", [(401, "API key"), (403, "permissions"), (404, "model name")])
def test_configuration_errors_fail_fast(settings, status, hint):
    fake = FakeLLM(queue={"casualty_figure": [HttpReply(status, '{"error": {"message": "nope"}}')] * 5})
    backend = fake.backend()
    with pytest.raises(ConfigError) as info:
        extract_article(ARTICLE, backend, settings)
    assert fake.calls("casualty_figure") == 1
    assert hint in str(info.value)
    with pytest.raises(ConfigError) as again:  # every later call over the client: the same error, no request
        extract_article(ARTICLE, backend, settings)
    assert str(again.value) == str(info.value) and fake.calls("casualty_figure") == 1


def test_a_request_refused_for_itself_fails_that_call_only(settings):
    fake = FakeLLM(queue={"casualty_figure": [HttpReply(400, '{"error": {"message": "too long"}}'), GOOD]})
    backend = fake.backend()
    with pytest.raises(ExtractionError) as info:
        extract_article(ARTICLE, backend, settings)
    assert fake.calls("casualty_figure") == 1 and "HTTP 400" in str(info.value)
    assert [r.count.value for r in extract_article(ARTICLE, backend, settings).records] == [12]


def test_secret_is_not_in_error_messages(settings):
    fake = FakeLLM(queue={"casualty_figure": [HttpReply(401, "bad key sk-test-SECRET123")]})
    backend = fake.backend()
    backend.secrets = ("sk-test-SECRET123",)
    with pytest.raises(ConfigError) as info:
        extract_article(ARTICLE, backend, settings)
    assert "SECRET123" not in str(info.value)
