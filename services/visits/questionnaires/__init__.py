"""Questionnaires shipped with Wangge (YAML, read with importlib.resources)."""
