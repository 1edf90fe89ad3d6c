"""The conversation's background job: the coach's analysis of an upload (actions do the work)."""

from __future__ import annotations

from django_tasks import task

from displace.web.conversations import actions

__all__ = ["analyse_conversation"]


@task()
def analyse_conversation(conversation_id: int) -> str:
    """Analyse a queued upload and store its findings; what became of it, for the job's record."""
    return actions.analyse_queued_conversation(conversation_id)
