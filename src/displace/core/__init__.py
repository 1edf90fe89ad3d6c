"""The pure core of Displace: no Django, no database, no network."""
