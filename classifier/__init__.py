"""Text layer and classifier: from raw petition text to labels with evidence."""

from .normalize import NormalizedText, normalize

__all__ = ["NormalizedText", "normalize"]
