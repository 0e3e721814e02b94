"""Enables fakecord's pytest plugin for every suite here (see fakecord/__init__.py)."""

pytest_plugins = ["fakecord.pytest_plugin"]
