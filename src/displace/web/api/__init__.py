"""The typed JSON API under /api/: one router per noun, token or session auth, JSON errors."""
