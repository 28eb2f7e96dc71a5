"""Renderers of a CheckRun or the rule list: text, JSON, SARIF 2.1.0, reStructuredText."""
