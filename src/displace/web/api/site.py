"""The API object: auth for every endpoint and its docs, JSON errors, routers by noun, no CDN."""

from __future__ import annotations

from ninja import NinjaAPI, Swagger

from displace.web.api import (
    analyze,
    assessments,
    calibration,
    conversations,
    crm,
    deals,
    examples,
    findings,
    followups,
    outcomes,
)
from displace.web.api.auth import schemes, signed_in
from displace.web.api.errors import install_error_handlers

__all__ = ["api"]

api = NinjaAPI(
    title="Displace API",
    version="1",
    description="Deals, conversations, findings, assessments, follow-ups and the examples a "
                "team teaches the coach, in a Displace workspace. Authenticate with "
                "`Authorization: Bearer <API key>` (create one on your account page).",
    auth=schemes(),
    # Swagger UI from ninja's bundled static files ("ninja" is an installed app); no
    # validator badge, which would call validator.swagger.io.
    docs=Swagger(settings={"validatorUrl": None}),
    docs_decorator=signed_in,  # the docs and the OpenAPI document, only for the API's users
    urls_namespace="api",
)
install_error_handlers(api)
# Before /deals/{deal_id}, so that /deals/export is not read as a deal's id.
api.add_router("/deals", crm.router)
api.add_router("/deals", deals.router)
api.add_router("/", conversations.router)
api.add_router("/", assessments.router)
api.add_router("/", findings.router)
api.add_router("/", followups.router)
api.add_router("/", examples.router)
api.add_router("/", analyze.router)
api.add_router("/", outcomes.router)
api.add_router("/", calibration.router)
