"""Katalog Präventionskooperation: a static catalogue generator."""

__version__ = "0.1.0"
