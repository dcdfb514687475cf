"""GIFT: Moodle's text question format."""

from exporters.gift.writer import GiftExporter, gift

__all__ = ["GiftExporter", "gift"]
