"""Discord cogs: each feature's slash commands, listeners and buttons."""
