"""Routing policies: tables, engine, calendar."""
