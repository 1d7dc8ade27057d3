"""indikatorbok: Försäkringskassan's gender-equality indicators as a reproducible book."""

__version__ = "0.1.0"
