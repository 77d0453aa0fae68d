"""Thin Prefect tasks over engine functions; retry policy declared on the decorator."""

from __future__ import annotations

from prefect import task

from schemas import Article
from sitrep.config import Settings
from sitrep.run import ArticleOutcome, Outputs, process_article


@task(name="extract-article", task_run_name="extract-{article.id}", retries=0)
def extract_article_task(article: Article, settings: Settings, outputs: Outputs) -> ArticleOutcome:
    return process_article(article, settings, outputs)
