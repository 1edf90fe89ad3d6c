"""A team teaches the coach: a finding marked wrong, words taught, examples listed, confirmed
and removed. Confirmed examples change the team's analyses at once."""

from __future__ import annotations

from typing import Literal

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Router, Status

from displace.web import permissions
from displace.web.api.auth import caller
from displace.web.api.schemas import (
    ERRORS,
    Error,
    ExampleOut,
    ExamplePage,
    Limit,
    Offset,
    RecordId,
    TeachIn,
    WrongIn,
)
from displace.web.examples import actions
from displace.web.examples.models import Example

router = Router(tags=["examples"])


@router.post("/findings/{finding_id}/wrong", response={201: list[ExampleOut], **ERRORS},
             summary="Mark a finding wrong")
def mark_wrong(request: HttpRequest, finding_id: RecordId,
               body: WrongIn) -> Status[list[Example]]:
    """A negative example on the finding's sentence, and a positive one of `should_be`;
    a rep's are suggested, the team's manager's and an admin's confirmed at once."""
    user = caller(request)
    finding = permissions.visible_finding(user, finding_id)
    taught = actions.mark_finding_wrong(finding, by=user, should_be=body.should_be or "")
    loaded = _loaded().in_bulk([e.pk for e in taught])
    return Status(201, [loaded[e.pk] for e in taught])  # the negative example first


@router.post("/conversations/{conversation_id}/examples", response={201: ExampleOut, **ERRORS},
             summary="Teach the coach a turn's words")
def teach(request: HttpRequest, conversation_id: RecordId, body: TeachIn) -> Status[Example]:
    """The words at [start, end) of a turn are an example of `behaviour`."""
    user = caller(request)
    conversation = permissions.visible_conversation(user, conversation_id)
    example = actions.teach_sentence(conversation, body.turn, body.start, body.end,
                                     body.behaviour, by=user)
    return Status(201, _loaded().get(pk=example.pk))


@router.get("/examples", response={200: ExamplePage, 401: Error},
            summary="Your team's examples")
def list_examples(request: HttpRequest, status: Literal["suggested", "confirmed"] | None = None,
                  limit: int = Limit, offset: int = Offset) -> dict[str, object]:
    """Newest first (every team's for an admin); filter by status."""
    examples = permissions.visible_examples(caller(request))
    if status is not None:
        examples = examples.filter(status=status)
    page = _loaded(examples)[offset:offset + limit]
    return {"count": examples.count(), "items": list(page)}


@router.post("/examples/{example_id}/confirm", response={200: ExampleOut, **ERRORS},
             summary="Confirm a suggested example")
def confirm(request: HttpRequest, example_id: RecordId) -> Example:
    """The team's manager or an admin; the team's findings are then read again."""
    user = caller(request)
    example = permissions.require_example_confirmer(user, example_id)
    actions.confirm_example(example, by=user)
    return _loaded().get(pk=example.pk)


@router.delete("/examples/{example_id}", response={204: None, **ERRORS},
               summary="Remove an example")
def remove(request: HttpRequest, example_id: RecordId) -> Status[None]:
    """Admins only; the coach stops following it at once."""
    user = caller(request)
    actions.remove_example(permissions.require_example_remover(user, example_id), by=user)
    return Status(204, None)


def _loaded(examples: QuerySet[Example] | None = None) -> QuerySet[Example]:
    found = Example.objects.all() if examples is None else examples
    return found.select_related("team", "added_by", "confirmed_by")
