"""The pipeline and the manager's view; reads only."""
