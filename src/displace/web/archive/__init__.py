"""Backups of the whole workspace and a team's export, as zip archives of open formats.

`bundle` writes and checks the archives (a manifest with each member's SHA-256), `backup` and
`team_export` read the workspace into them, and `actions` is the only place that writes what an
archive holds back into a workspace (`restore_backup`, `import_team`).
"""
