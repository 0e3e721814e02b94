"""Evaluations over the data in ../shared/data; never imported by the bot itself."""
