"""A team's examples: sentences it teaches the coach, suggested by reps, confirmed by managers."""
