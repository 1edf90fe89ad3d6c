"""Who may see and change what. Every page and API endpoint scopes its queries here.

A rep sees and edits their own deals; a manager sees the team's deals and comments on them
but never edits a rep's evidence; an admin manages people, teams and the library and sees
every deal. Anyone who sees a conversation may teach the coach on it: a rep's examples wait
for the team's manager (or an admin) to confirm them, and only an admin removes one. Anything
out of scope is answered as if it did not exist (404).
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, User
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from displace.web.accounts.models import Profile, Role, Team
from displace.web.competitors.models import Competitor
from displace.web.conversations.models import Conversation, Finding
from displace.web.crm.models import CrmImport
from displace.web.deals.models import Deal
from displace.web.examples.models import Example
from displace.web.followups.models import FollowUp

__all__ = [
    "can_close_deal",
    "can_comment",
    "can_confirm_examples",
    "can_edit_deal",
    "can_import_for_others",
    "can_remove_examples",
    "crm_import_teams",
    "exportable_teams",
    "forecast_teams",
    "is_admin",
    "person",
    "profile_of",
    "require_admin",
    "require_deal_closer",
    "require_deal_editor",
    "require_example_confirmer",
    "require_example_remover",
    "require_manager",
    "role_of",
    "visible_competitor",
    "visible_competitors",
    "visible_conversation",
    "visible_conversations",
    "visible_crm_import",
    "visible_crm_imports",
    "visible_deal",
    "visible_deals",
    "visible_example",
    "visible_examples",
    "visible_finding",
    "visible_findings",
    "visible_follow_ups",
]

AnyUser = AbstractBaseUser | AnonymousUser | Any


def person(user_id: int) -> AnyUser:
    """Person `user_id` as the checks below read them (with their profile), or an anonymous
    visitor, who sees nothing, once they are gone: whom a background job computes for."""
    found = User.objects.select_related("profile").filter(pk=user_id).first()
    return found if found is not None else AnonymousUser()


def profile_of(user: AnyUser) -> Profile | None:
    """The user's profile, cached on the user object for the rest of the request."""
    if not getattr(user, "is_authenticated", False):
        return None
    try:
        profile: Profile = getattr(user, "profile")  # noqa: B009  (typed as any user)
    except Profile.DoesNotExist:
        return None
    return profile


def role_of(user: AnyUser) -> str:
    """rep, manager or admin; a Django superuser counts as admin."""
    if getattr(user, "is_superuser", False):
        return Role.ADMIN
    profile = profile_of(user)
    return profile.role if profile else Role.REP


def is_admin(user: AnyUser) -> bool:
    """Whether the user may manage people, teams and the library."""
    return role_of(user) == Role.ADMIN


def visible_deals(user: AnyUser) -> QuerySet[Deal]:
    """The deals this user may see: own (rep), team's (manager), all (admin)."""
    if not getattr(user, "is_authenticated", False):
        return Deal.objects.none()
    role = role_of(user)
    if role == Role.ADMIN:
        return Deal.objects.all()
    if role == Role.MANAGER:
        profile = profile_of(user)
        if profile is None or profile.team_id is None:
            return Deal.objects.none()
        return Deal.objects.filter(team_id=profile.team_id)
    return Deal.objects.filter(owner_id=user.pk)


def visible_deal(user: AnyUser, deal_id: int) -> Deal:
    """One deal in the user's scope, or 404."""
    deal = visible_deals(user).select_related("incumbent", "owner", "team").filter(
        pk=deal_id
    ).first()
    if deal is None:
        raise Http404("No such deal.")
    return deal


def can_edit_deal(user: AnyUser, deal: Deal) -> bool:
    """Only the deal's owner edits its evidence; managers comment instead."""
    return bool(getattr(user, "is_authenticated", False)) and deal.owner_id == user.pk


def can_close_deal(user: AnyUser, deal: Deal) -> bool:
    """The deal's owner, a manager of its team or an admin closes it (won, lost, no decision)
    and reopens it: the outcome is a fact about the deal, not part of the rep's evidence."""
    if not getattr(user, "is_authenticated", False):
        return False
    if deal.owner_id == user.pk or is_admin(user):
        return True
    profile = profile_of(user)
    return (role_of(user) == Role.MANAGER and profile is not None
            and profile.team_id is not None and profile.team_id == deal.team_id)


def require_deal_closer(user: AnyUser, deal_id: int) -> Deal:
    """The deal if the user may close or reopen it; 404 outside scope, 403 when only visible."""
    deal = visible_deal(user, deal_id)
    if not can_close_deal(user, deal):
        raise PermissionDenied(_("Only the deal's owner, a manager of its team or an admin "
                                 "closes or reopens a deal."))
    return deal


def can_comment(user: AnyUser, deal: Deal) -> bool:
    """Anyone who may see the deal may comment on it."""
    return visible_deals(user).filter(pk=deal.pk).exists()


def require_deal_editor(user: AnyUser, deal_id: int) -> Deal:
    """The deal if the user may edit it; 404 outside scope, 403 when only visible."""
    deal = visible_deal(user, deal_id)
    if not can_edit_deal(user, deal):
        raise PermissionDenied(_("Only the deal's owner changes its evidence."))
    return deal


def require_admin(user: AnyUser) -> None:
    """Stop anyone but an admin."""
    if not is_admin(user):
        raise PermissionDenied(_("Only an admin can do this."))


def require_manager(user: AnyUser, refusal: str) -> None:
    """Stop anyone but a manager or an admin, with `refusal` (which names those roles)."""
    if role_of(user) not in (Role.MANAGER, Role.ADMIN):
        raise PermissionDenied(refusal)


def visible_competitors(user: AnyUser) -> QuerySet[Competitor]:
    """The competitor profiles of the user's team; every team's for an admin; none without a
    team."""
    if not getattr(user, "is_authenticated", False):
        return Competitor.objects.none()
    if is_admin(user):
        return Competitor.objects.all()
    profile = profile_of(user)
    if profile is None or profile.team_id is None:
        return Competitor.objects.none()
    return Competitor.objects.filter(team_id=profile.team_id)


def visible_competitor(user: AnyUser, competitor_id: int) -> Competitor:
    """One competitor in the user's scope, or 404."""
    competitor = visible_competitors(user).filter(pk=competitor_id).first()
    if competitor is None:
        raise Http404("No such competitor.")
    return competitor


def visible_conversations(user: AnyUser) -> QuerySet[Conversation]:
    """Conversations on the deals the user may see; a manager's are their team's, found by the
    team each conversation carries (its deal's, which never changes)."""
    if role_of(user) == Role.MANAGER and getattr(user, "is_authenticated", False):
        profile = profile_of(user)
        if profile is None or profile.team_id is None:
            return Conversation.objects.none()
        return Conversation.objects.filter(team_id=profile.team_id)
    return Conversation.objects.filter(deal__in=visible_deals(user))


def visible_findings(user: AnyUser) -> QuerySet[Finding]:
    """Findings in the conversations the user may see."""
    return Finding.objects.filter(conversation__deal__in=visible_deals(user))


def visible_follow_ups(user: AnyUser) -> QuerySet[FollowUp]:
    """Follow-ups on the deals the user may see."""
    return FollowUp.objects.filter(deal__in=visible_deals(user))


def visible_conversation(user: AnyUser, conversation_id: int) -> Conversation:
    """One conversation in the user's scope (with its deal), or 404."""
    conversation = visible_conversations(user).select_related("deal").filter(
        pk=conversation_id).first()
    if conversation is None:
        raise Http404("No such conversation.")
    return conversation


def visible_finding(user: AnyUser, finding_id: int) -> Finding:
    """One finding in the user's scope (with its conversation and deal), or 404."""
    finding = visible_findings(user).select_related("conversation__deal").filter(
        pk=finding_id).first()
    if finding is None:
        raise Http404("No such finding.")
    return finding


def visible_examples(user: AnyUser) -> QuerySet[Example]:
    """The examples of the user's team (every role sees them); every team's for an admin."""
    if not getattr(user, "is_authenticated", False):
        return Example.objects.none()
    if is_admin(user):
        return Example.objects.all()
    profile = profile_of(user)
    if profile is None or profile.team_id is None:
        return Example.objects.none()
    return Example.objects.filter(team_id=profile.team_id)


def visible_example(user: AnyUser, example_id: int) -> Example:
    """One example in the user's scope, or 404."""
    example = visible_examples(user).filter(pk=example_id).first()
    if example is None:
        raise Http404("No such example.")
    return example


def can_confirm_examples(user: AnyUser, team_id: int | None) -> bool:
    """Whether the user confirms the team's examples: its manager or an admin. Their own
    examples count at once; a rep's wait for them."""
    if not getattr(user, "is_authenticated", False) or team_id is None:
        return False
    if is_admin(user):
        return True
    profile = profile_of(user)
    return role_of(user) == Role.MANAGER and profile is not None and profile.team_id == team_id


def exportable_teams(user: AnyUser) -> QuerySet[Team]:
    """The teams whose data the user may export: their own for a manager, all for an admin."""
    if not getattr(user, "is_authenticated", False):
        return Team.objects.none()
    if is_admin(user):
        return Team.objects.all()
    profile = profile_of(user)
    if role_of(user) != Role.MANAGER or profile is None or profile.team_id is None:
        return Team.objects.none()
    return Team.objects.filter(pk=profile.team_id)


def can_remove_examples(user: AnyUser) -> bool:
    """Only an admin removes an example (a manager can teach the opposite instead)."""
    return is_admin(user)


def require_example_confirmer(user: AnyUser, example_id: int) -> Example:
    """The example if the user may confirm it; 404 outside scope, 403 when only visible."""
    example = visible_example(user, example_id)
    if not can_confirm_examples(user, example.team_id):
        raise PermissionDenied(_("Only the team's manager or an admin confirms an example."))
    return example


def require_example_remover(user: AnyUser, example_id: int) -> Example:
    """The example if the user may remove it; 404 outside scope, 403 when only visible."""
    example = visible_example(user, example_id)
    if not can_remove_examples(user):
        raise PermissionDenied(_("Only an admin removes an example."))
    return example


def crm_import_teams(user: AnyUser) -> QuerySet[Team]:
    """The teams the user may import CRM deals into: their own (rep, manager), all (admin)."""
    if not getattr(user, "is_authenticated", False):
        return Team.objects.none()
    if is_admin(user):
        return Team.objects.all()
    profile = profile_of(user)
    if profile is None or profile.team_id is None:
        return Team.objects.none()
    return Team.objects.filter(pk=profile.team_id)


def can_import_for_others(user: AnyUser) -> bool:
    """Whether the user's CRM imports give deals to the people the file names (manager,
    admin); a rep's import stores their own deals only."""
    return role_of(user) in (Role.MANAGER, Role.ADMIN)


def visible_crm_imports(user: AnyUser) -> QuerySet[CrmImport]:
    """CRM imports: one's own; a manager's team's too; every one for an admin."""
    if not getattr(user, "is_authenticated", False):
        return CrmImport.objects.none()
    if is_admin(user):
        return CrmImport.objects.all()
    profile = profile_of(user)
    if role_of(user) == Role.MANAGER and profile is not None and profile.team_id is not None:
        return CrmImport.objects.filter(team_id=profile.team_id)
    return CrmImport.objects.filter(by_id=user.pk)


def visible_crm_import(user: AnyUser, import_id: int) -> CrmImport:
    """One CRM import in the user's scope, or 404."""
    found = visible_crm_imports(user).filter(pk=import_id).first()
    if found is None:
        raise Http404("No such import.")
    return found


def forecast_teams(user: AnyUser) -> QuerySet[Team]:
    """The teams whose calibration and forecast the user may read: their own for a manager,
    every team for an admin, none for a rep (only an admin refits a team's weights)."""
    if role_of(user) not in (Role.MANAGER, Role.ADMIN):
        return Team.objects.none()
    return exportable_teams(user)
