"""Writes for a team's examples: a finding marked wrong, a sentence taught, confirmed, removed.

A rep's examples are suggestions; the team's manager's and an admin's are confirmed at once.
A confirmed example changes the team's next analysis with no retraining (the coach reads the
team's confirmed examples every time), and its stored findings are read again in the
background whenever the confirmed set changes.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from displace.core.coach.behaviours import behaviour_table
from displace.core.coach.rulepack import QuestionWords
from displace.core.coach.sentences import split_sentences
from displace.core.coach.teaching import (
    ExampleEntry,
    behaviours_for_role,
    language_of,
    teachable_behaviours,
)
from displace.core.errors import DisplaceError
from displace.core.limits import limit
from displace.core.report.labels import labels_for
from displace.core.semantic import Example as CoachExample
from displace.web import jobs, permissions
from displace.web.accounts.models import Team
from displace.web.bounds import checked_text
from displace.web.conversations import actions as conversation_actions
from displace.web.conversations.models import AnalysisState, Conversation, Finding
from displace.web.deals import actions as deal_actions
from displace.web.deals.models import Deal
from displace.web.examples.models import Example, Status

__all__ = [
    "ExampleError",
    "confirm_example",
    "import_examples",
    "mark_finding_wrong",
    "refresh_team_findings",
    "remove_example",
    "teach_sentence",
    "team_examples",
    "words_in_turn",
]

logger = logging.getLogger("displace.examples")


class ExampleError(DisplaceError):
    """An example that cannot be taught (the message says which part and why)."""


def team_examples(team_id: int | None) -> list[CoachExample]:
    """The team's confirmed examples, as the coach takes them (none without a team)."""
    if team_id is None:
        return []
    # In the order they were confirmed: of two that contradict each other, the coach follows
    # the one confirmed last.
    rows = Example.objects.filter(team_id=team_id, status=Status.CONFIRMED).order_by(
        "confirmed_at", "id")
    return [CoachExample(pk, text, behaviour, positive) for pk, text, behaviour, positive
            in rows.values_list("id", "text", "behaviour", "positive")]


def mark_finding_wrong(finding: Finding, *, by: User, should_be: str = "") -> list[Example]:
    """'Not right': the finding's sentence becomes a negative example of its behaviour and,
    with `should_be`, a positive example of that behaviour on the same words."""
    conversation = finding.conversation
    turn = _turn(conversation, finding.turn)
    if finding.behaviour not in teachable_behaviours():
        raise ExampleError(_("An example cannot change this finding: the coach measures it "
                             "over the whole conversation, not in a sentence."))
    if should_be:
        if should_be == finding.behaviour:
            raise ExampleError(_("“Should have been” names the behaviour marked wrong; pick "
                                 "another one or leave it empty."))
        _check_behaviour(should_be, turn["role"])
    text = _sentence_around(str(turn["text"]), finding.start, finding.end)
    wanted = [(finding.behaviour, False)] + ([(should_be, True)] if should_be else [])
    with transaction.atomic():
        stored = [_store(conversation, text, behaviour, positive, by=by, finding=finding,
                         language=_language(turn, text)) for behaviour, positive in wanted]
    _refresh_if_confirmed(stored)
    return stored


def teach_sentence(conversation: Conversation, turn: int, start: int, end: int,
                   behaviour: str, *, by: User) -> Example:
    """The words at [start, end) of a turn are an example of `behaviour`."""
    said = _turn(conversation, turn)
    _check_behaviour(behaviour, said["role"])
    text = str(said["text"])
    if not 0 <= start < end <= len(text):
        raise ExampleError(_("The words must lie inside the turn (characters 0 to %(end)s).")
                           % {"end": len(text)})
    words = _checked_words(text[start:end])
    with transaction.atomic():
        example = _store(conversation, words, behaviour, True, by=by,
                         language=_language(said, words))
    _refresh_if_confirmed([example])
    return example


def words_in_turn(conversation: Conversation, turn: int, words: str) -> tuple[int, int]:
    """Where `words` stand in a turn, as (start, end); spacing and case may differ."""
    text = str(_turn(conversation, turn)["text"])
    wanted = _checked_words(words)
    start = text.find(wanted)
    if start >= 0:
        return start, start + len(wanted)
    pattern = r"\s+".join(re.escape(word) for word in wanted.split())
    found = re.search(pattern, text, re.IGNORECASE)
    if found is None:
        raise ExampleError(_("These words are not in the turn: copy them from what the "
                             "speaker said."))
    return found.start(), found.end()


def confirm_example(example: Example, *, by: User) -> Example:
    """The team's manager or an admin confirms a suggestion; the coach follows it at once."""
    if not permissions.can_confirm_examples(by, example.team_id):
        raise PermissionDenied("Only the team's manager or an admin confirms an example.")
    if example.status == Status.CONFIRMED:
        return example
    example.status = Status.CONFIRMED
    example.confirmed_by, example.confirmed_at = by, timezone.now()
    example.save(update_fields=["status", "confirmed_by", "confirmed_at"])
    _refresh_later(example.team_id)
    return example


def remove_example(example: Example, *, by: User) -> None:
    """An admin removes an example; the coach stops following it at once."""
    if not permissions.can_remove_examples(by):
        raise PermissionDenied("Only an admin removes an example.")
    was_confirmed, team_id = example.status == Status.CONFIRMED, example.team_id
    example.delete()
    if was_confirmed:
        _refresh_later(team_id)


def import_examples(team: Team, entries: Sequence[ExampleEntry], *,
                    by: User | None) -> list[Example]:
    """Store a file's examples as confirmed, all or none; the caller refreshes the findings
    (`refresh_team_findings`), as a command line has no request to answer first."""
    with transaction.atomic():
        return [_store_for(team.pk, e.text, e.behaviour, e.positive, e.language,
                           Status.CONFIRMED, by=by) for e in entries]


def refresh_team_findings(team_id: int) -> int:
    """Read every conversation of the team's deals again with its examples, replacing their
    findings (one transaction per conversation) and refreshing each deal's assessment.
    Returns how many conversations were read."""
    read = 0
    for deal in Deal.objects.filter(team_id=team_id).order_by("pk"):
        # Those still queued are analysed by their own job, with the examples as they are then.
        for conversation in deal.conversations.filter(
                analysis_state=AnalysisState.DONE).order_by("pk"):
            conversation.deal = deal  # one deal row for all its conversations
            try:
                conversation_actions.reread_conversation(conversation, assess=False)
            except DisplaceError as exc:  # a conversation the coach can no longer read
                logger.warning("conversation %s not read again: %s", conversation.pk, exc)
                continue
            read += 1
        deal_actions.refresh_assessment(deal)
    return read


def _refresh_if_confirmed(examples: Sequence[Example]) -> None:
    if any(e.status == Status.CONFIRMED for e in examples):
        _refresh_later(examples[0].team_id)


def _refresh_later(team_id: int) -> None:
    from displace.web.examples.tasks import refresh_team_findings as refresh_task

    jobs.enqueue(refresh_task, team_id)


def _store(conversation: Conversation, text: str, behaviour: str, positive: bool, *,
           by: User, language: str, finding: Finding | None = None) -> Example:
    team_id = conversation.deal.team_id
    if team_id is None:
        raise ExampleError(_("This deal belongs to no team, so there is no team to teach: "
                             "an admin can put its owner on a team."))
    status = (Status.CONFIRMED if permissions.can_confirm_examples(by, team_id)
              else Status.SUGGESTED)
    return _store_for(team_id, text, behaviour, positive, language, status, by=by,
                      finding=finding, conversation=conversation)


def _store_for(team_id: int, text: str, behaviour: str, positive: bool, language: str,
               status: str, *, by: User | None, finding: Finding | None = None,
               conversation: Conversation | None = None) -> Example:
    """The team's example of these words, within the team's limit. An existing one is reused;
    storing it as confirmed confirms it again, so that it wins over an opposite example
    confirmed before."""
    same = Example.objects.filter(team_id=team_id, text=text, behaviour=behaviour,
                                  positive=positive).first()
    if same is None:
        most = limit("examples.per_team")
        if Example.objects.filter(team_id=team_id).count() >= most:
            raise ExampleError(_("The team already has %(limit)s examples, the most it can "
                                 "keep; an admin can remove some in the Library.")
                               % {"limit": most})
        now = timezone.now()
        return Example.objects.create(
            team_id=team_id, text=text, behaviour=behaviour, positive=positive,
            language=language, status=status, added_by=by, added_at=now, finding=finding,
            conversation=conversation,
            **({"confirmed_by": by, "confirmed_at": now} if status == Status.CONFIRMED else {}))
    if status == Status.CONFIRMED:
        same.status, same.confirmed_by, same.confirmed_at = status, by, timezone.now()
        same.save(update_fields=["status", "confirmed_by", "confirmed_at"])
    return same


def _turn(conversation: Conversation, index: int) -> dict[str, object]:
    turns = conversation.turns
    if not 0 <= index < len(turns):
        raise ExampleError(_("This conversation has no turn %(turn)s.") % {"turn": index})
    turn: dict[str, object] = turns[index]
    return turn


def _check_behaviour(behaviour: str, role: object) -> None:
    if behaviour not in teachable_behaviours():
        raise ExampleError(_("%(behaviour)s is not a behaviour the coach reports.")
                           % {"behaviour": behaviour[:60]})
    if behaviour not in behaviours_for_role(str(role)):
        labels = labels_for((get_language() or "en")[:2])
        raise ExampleError(
            _("The coach looks for “%(behaviour)s” in what the %(roles)s says, not the "
              "%(role)s.")
            % {"behaviour": labels.behaviour(behaviour),
               "roles": " / ".join(labels.role(r) for r in sorted(behaviour_table()[behaviour]
                                                                  .roles)),
               "role": labels.role(str(role))})


def _checked_words(words: str) -> str:
    clean = checked_text(words, "example.text", _("words"))
    if not clean:
        raise ExampleError(_("Give the words the coach should learn."))
    return clean


def _sentence_around(text: str, start: int, end: int) -> str:
    """The sentence of the turn where the finding starts: the coach decides by sentence, so
    that is what an example should hold. Longer than an example may be: the quote in it."""
    most = limit("example.text")
    spans = split_sentences(text, QuestionWords(), punctuated=True)
    home = next(((s.start, s.end) for s in spans if s.start <= start < s.end), (start, end))
    sentence = text[home[0]:home[1]].strip()
    if 0 < len(sentence) <= most:
        return sentence
    quote = text[max(start, home[0]):min(end, home[1])].strip() or text[start:end].strip()
    if len(quote) > most:  # keep whole words: the coach matches words
        quote = quote[:most].rsplit(" ", 1)[0] if " " in quote[:most] else quote[:most]
    if not quote:
        raise ExampleError(_("This finding has no words to learn from."))
    return quote


def _language(turn: dict[str, object], text: str) -> str:
    language = turn.get("language")
    return str(language) if language in ("en", "vi") else language_of(text)
