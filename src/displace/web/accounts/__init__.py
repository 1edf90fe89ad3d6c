"""People, teams and roles; the language each person reads."""
