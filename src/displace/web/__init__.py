"""The team web application (Django). Reads and writes through the core and `actions`."""
