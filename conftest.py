"""The repository's pytest set-up: fakecord's fixtures for every suite (see fakecord/__init__.py)."""

pytest_plugins = ["fakecord.pytest_plugin"]
