"""The CRM core's promises: pure Python, a declared public API."""

from __future__ import annotations

import subprocess
import sys

import displace.core.crm as crm


def test_it_never_imports_django() -> None:
    code = (
        "import sys, displace.core.crm as c; "
        "c.map_rows(c.read_table(b'Name\\nA\\n', 'x.csv'), c.load_preset('generic')); "
        "assert not [m for m in sys.modules if m.split('.')[0] == 'django'], 'django imported'"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_it_declares_its_public_api() -> None:
    for name in crm.__all__:
        assert getattr(crm, name) is not None
    assert crm.CRMS == ("hubspot", "salesforce", "pipedrive", "generic")
    assert crm.FIELDS[:10] == ("crm_id", "name", "amount", "currency", "stage", "close_date",
                               "owner", "company", "incumbent", "industry")
