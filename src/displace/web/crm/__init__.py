"""Deals from and to a CRM: import a CRM's deal export with a preview, export in its shape."""
