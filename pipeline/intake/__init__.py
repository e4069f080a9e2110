"""Intake: watch the inbox, read each letter (text layer, later OCR), parse its fields."""
