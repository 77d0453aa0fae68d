"""Why a record exists, or why a sentence gave nothing: the article replayed from its cached answers (no model
call), with every candidate's fate as the record builder decided it and, for each sentence, what the candidate
tests said of its numbers. The same functions the run uses; no second code path."""

from __future__ import annotations

from collections import Counter

from sitrep.config import Settings
from sitrep.deciding.decide import decide
from sitrep.extract import ExtractionResult, extract_article, plan_calls
from sitrep.llm.cache import AnswerCache
from sitrep.reading.language import read_as, told, unread
from sitrep.reading.reading import read
from sitrep.schemas import Article


def sentence_checks(article: Article, contains: str | None = None) -> list[dict]:
    """For each sentence (or those holding `contains`): the candidates the one decision made of it, by id,
    with its verdict: each number's casualty and troop verdicts ("candidate" when asked about), the sentence's
    agreement verdict, and the single victims it tells of. An article in a language without a ready pack is
    read as English, to show what that reading finds."""
    if unread(article) is not None:
        article = article.model_copy(update={"language": "en"})
    with read_as(article):
        candidates = decide(read(article.text, article.title))
    by_sentence: dict[int, list] = {}
    for c in candidates.items:
        by_sentence.setdefault(c.sentence, []).append(c)
    out = []
    for s in candidates.reading.sentences:
        if contains and contains.lower() not in s.text.lower():
            continue
        numbers: dict[int, dict] = {}
        entry = {"start": s.start, "sentence": s.text, "numbers": [], "agreement": "candidate",
                 "single_victims": []}
        for c in by_sentence.get(s.index, []):
            verdict = str(c.reason) if c.reason else "candidate"
            if c.record_type == "agreement":
                entry["agreement"] = verdict
            elif c.one_person:
                entry["single_victims"].append(article.text[c.start:c.end])
            else:
                number = numbers.setdefault(c.start, {"number": c.mention.text})
                number["casualty" if c.record_type == "casualty_figure" else "troops"] = verdict
                number.setdefault("ids", []).append(c.id)
        entry["numbers"] = list(numbers.values())
        out.append(entry)
    return out


def replay(article: Article, settings: Settings,
           answers: AnswerCache | None = None) -> tuple[list[dict], ExtractionResult | None]:
    """The calls extracting `article` takes, each saying whether its answer is cached, and the result of
    replaying them from the cache (its records and every candidate's fate in `trace`); None when an answer is
    not cached. An article in a language sitrep does not read takes no call and gives nothing."""
    article = told(article)
    if unread(article) is not None:
        return [], ExtractionResult()
    answers = AnswerCache(settings.cache_dir) if answers is None else answers
    planned = plan_calls(article, settings)
    calls = [{"record_type": c.record_type, "chunk_start": c.chunk.start, "cached": answers.has(c.key),
              "passages": _passages(c.messages)} for c in planned]
    if not all(c["cached"] for c in calls):
        return calls, None
    return calls, extract_article(article, None, settings.model_copy(update={"refresh": False}), answers,
                                  planned)


def explain_article(article: Article, settings: Settings, contains: str | None = None) -> dict:
    """What the method did with one article, from the cache only."""
    article = told(article)
    language = unread(article)
    if language is not None:
        return {"article": article.id, "language": language, "calls": [], "candidates": [],
                "sentences": sentence_checks(article, contains)}
    calls, result = replay(article, settings)
    report = {"article": article.id, "calls": calls, "candidates": [], "records": [],
              "sentences": sentence_checks(article, contains)}
    if result is not None:
        report["candidates"] = result.trace
        report["records"] = [r.model_dump(mode="json") for r in result.records]
        report["dropped"] = dict(result.drops)
    return report


class RecordModels:
    """Which model the records of each article were extracted with (`extraction.model`), so the replay asks
    the cache for the answers that model gave rather than those of the configured one. An article without
    records takes the model most of the file's records name."""

    def __init__(self, records: list):
        by_article: dict[str, Counter] = {}
        for r in records:
            by_article.setdefault(r.article.id, Counter())[r.extraction.model] += 1
        self.by_article = {a: c.most_common(1)[0][0] for a, c in by_article.items()}
        overall = Counter(r.extraction.model for r in records)
        self.usual = overall.most_common(1)[0][0] if overall else None

    def names(self) -> list[str]:
        return sorted(set(self.by_article.values()))

    def settings_for(self, article_id: str, settings: Settings, usual: bool = True) -> Settings:
        """`settings` with the model of the article's records (the backend then no longer matters: the cache
        key holds the model, not the backend that served it); for an article without records, the usual model,
        or with `usual` False, `settings` as they are."""
        model = self.by_article.get(article_id, self.usual if usual else None)
        if model is None or model == settings.model_name():
            return settings
        return settings.model_copy(update={"model": model})


def _passages(messages: list[dict]) -> list[str]:
    task = messages[-1]["content"]
    return [line[2:] for line in task.splitlines() if line.startswith("- ")]
