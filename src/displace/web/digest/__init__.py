"""The daily digest: one e-mail per person with what needs them today."""
