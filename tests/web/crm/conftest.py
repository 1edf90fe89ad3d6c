"""A HubSpot deals export as people download it, and the team's people with e-mail addresses."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AbstractUser, User

HUBSPOT_HEADER = ("Record ID,Deal Name,Amount,Deal Stage,Close Date,Deal owner,"
                  "Associated Company,Incumbent")


def hubspot_csv(*rows: str) -> bytes:
    """A HubSpot export: UTF-8 with a byte-order mark, as HubSpot writes it."""
    return ("\ufeff" + "\r\n".join([HUBSPOT_HEADER, *rows]) + "\r\n").encode("utf-8")


GOOD = hubspot_csv(
    "101,Cold-chain insurance,\"12,500.00\",Appointment Scheduled,2026-12-31,"
    "alice@north.example,Lan Anh Logistics,Northern Insurance",
    "102,Payroll banking,\"40,000\",Qualified To Buy,2027-01-15,bob@north.example,"
    "Minh Phat Printing,",
)

WITH_ERRORS = hubspot_csv(
    "101,Cold-chain insurance,\"12,500.00\",Appointment Scheduled,2026-12-31,"
    "alice@north.example,Lan Anh Logistics,Northern Insurance",
    "102,Payroll banking,lots,Qualified To Buy,2027-01-15,bob@north.example,Minh Phat,",
    "103,Fleet cover,9000,Closed Won,2026-11-30,nobody@elsewhere.example,Hoa Sen,",
)


def give_emails(people: dict[str, AbstractUser]) -> dict[str, AbstractUser]:
    """Each persona with an e-mail address (name@north.example, whatever their team)."""
    for name, user in people.items():
        User.objects.filter(pk=user.pk).update(email=f"{name}@north.example")
        user.email = f"{name}@north.example"
    return people


@pytest.fixture
def emails(people: dict[str, AbstractUser]) -> dict[str, AbstractUser]:
    """The personas, each with an e-mail address."""
    return give_emails(people)
