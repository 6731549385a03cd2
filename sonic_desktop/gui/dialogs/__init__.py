"""Dialogs: Settings, Models and About."""
