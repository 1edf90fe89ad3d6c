"""The presets: data files that load, cover every stage, and refuse a broken table."""

from __future__ import annotations

from typing import Any

import pytest

from displace.core.crm import CRMS, FIELDS, STAGES, CrmError, fold_name, load_preset
from displace.core.crm.presets import _preset
from displace.core.errors import DisplaceError, InputError


@pytest.mark.parametrize("name", CRMS)
def test_every_preset_loads_and_can_export_every_stage(name: str) -> None:
    preset = load_preset(name)
    assert preset.name == name and preset.label
    assert set(preset.columns) <= set(FIELDS) and preset.columns["name"]
    assert set(preset.stages.values()) <= set(STAGES)
    assert set(preset.export_stages) == set(STAGES)
    # What export writes reads back as the same stage; a CRM without "no decision" has it as
    # lost, which a re-import does not turn into a loss (tests/web/crm).
    for stage, crm_stage in preset.export_stages.items():
        status = preset.statuses.get(fold_name(preset.export_statuses.get(stage, "")))
        read = status if status not in ("open", None) else preset.stages[fold_name(crm_stage)]
        assert read == stage or (stage, read) == ("no_decision", "lost"), (stage, crm_stage)


@pytest.mark.parametrize(("name", "as_lost"), [
    ("hubspot", True), ("salesforce", True), ("pipedrive", True), ("generic", False)])
def test_no_decision_is_exported_as_the_crm_s_own_stage_or_as_lost(
    name: str, as_lost: bool
) -> None:
    preset = load_preset(name)
    written = (preset.export_stages["no_decision"], preset.export_statuses.get("no_decision"))
    lost = (preset.export_stages["lost"], preset.export_statuses.get("lost"))
    assert (written == lost) is as_lost


def test_the_usual_stages_of_each_crm_are_mapped() -> None:
    hubspot = load_preset("hubspot").stages
    for stage in ("appointmentscheduled", "qualifiedtobuy", "presentationscheduled",
                  "decisionmakerboughtin", "contractsent", "closedwon", "closedlost"):
        assert stage in hubspot
    salesforce = load_preset("salesforce").stages
    for stage in ("Prospecting", "Qualification", "Needs Analysis", "Value Proposition",
                  "Id. Decision Makers", "Perception Analysis", "Proposal/Price Quote",
                  "Negotiation/Review", "Closed Won", "Closed Lost"):
        assert fold_name(stage) in salesforce
    assert load_preset("pipedrive").statuses == {"open": "open", "won": "won", "lost": "lost"}


def test_an_unknown_crm_is_an_input_error_in_either_language() -> None:
    with pytest.raises(InputError, match='unknown CRM "zoho": expected one of hubspot'):
        load_preset("zoho")
    with pytest.raises(CrmError, match="không được hỗ trợ"):
        load_preset("zoho", language="vi")


def _data(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "name": "x", "columns": {"name": ["Name"]},
        "stages": {stage.title(): stage for stage in STAGES},
        "export": {"columns": [["Name", "name"]]},
    }
    data.update(changes)
    return data


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"columns": {"name": ["Name"], "probability": ["P"]}}, "columns.probability is not"),
        ({"columns": {"amount": ["Amount"]}}, "columns.name is required"),
        ({"columns": {"name": "Name"}}, "should be a list of header names"),
        ({"stages": {"Won": "won", "Lost": "maybe"}}, "expected one of discovery"),
        ({"stages": {"Closed Won": "won", "closed_won": "lost"}}, "reads like another entry"),
        ({"stages": {"Won": "won"}}, "no CRM stage to export discovery"),
        ({"export": {"columns": [["Name", "title"]]}}, "'title' is not one of"),
        ({"export": {"columns": [["Name"]]}}, "is not [header, field]"),
        ({"export": {}}, "export.columns should be a list"),
        ({"statuses": {"Open": "open"}, "export": {"columns": [["Name", "name"]],
                                                   "statuses": {"no_decision": "Gone"}}},
         "export.statuses.no_decision = 'Gone'"),
    ],
)
def test_a_broken_preset_says_what_is_wrong(changes: dict[str, Any], expected: str) -> None:
    with pytest.raises(DisplaceError) as caught:
        _preset(_data(**changes), "data/crm/x.toml")
    assert expected in str(caught.value)
    assert str(caught.value).startswith("data/crm/x.toml: ")
