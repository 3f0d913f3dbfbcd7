"""The group leader's phone app: local store, sync engine and Flet screens."""

__version__ = "0.1.0"
