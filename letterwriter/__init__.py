"""Letterwriter: the letter writer's desk — templates, checks and handwriting export."""

__version__ = "0.1.0"
