"""Kursfinder: multilingual search for integration and language courses."""

__version__ = "0.1.0"
