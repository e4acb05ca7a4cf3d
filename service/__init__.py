"""The doors: triage core, API, desk page, CLI, batch."""
