"""Capability catalogues, playbooks and rule packs."""
