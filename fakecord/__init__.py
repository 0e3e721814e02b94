"""fakecord: a local Discord for tests, speaking the real REST API v10 and gateway to the real,
unmodified discord.py client on 127.0.0.1, so a bot's own code path is what a test exercises.

It is not part of the shipped bot (``bot`` never imports it) and imports nothing from it.

- ``fakecord.server``: :class:`FakeDiscord` (start it, act as a user: ``slash``, ``click``,
  ``user_message``, ...; read what the bot sent: ``sent``, ``responses``, ``rejected``),
  ``bot_session`` (a bot logged in and synced, torn down after), ``patch_discord``, and the
  readers ``embed_text`` and ``no_pings``.
- ``fakecord.pytest_plugin``: the ``fake_discord`` fixture and ``run`` (a scenario with a time
  limit). Enable it with ``pytest_plugins = ["fakecord.pytest_plugin"]`` in the top-level
  ``conftest.py``, as this repository does.
- ``python -m fakecord BASE_URL MODULE|SCRIPT.py [ARG...]``: run a bot in a child process,
  patched to reach the fake at BASE_URL.
- ``fakecord/tests``: the fake's own tests, against a throwaway bot.
"""
