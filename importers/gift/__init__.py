"""GIFT: Moodle's text format for questions (every question type it defines, categories, escapes, feedback)."""

from importers.gift.reader import GiftImporter

__all__ = ["GiftImporter"]
