"""Intake: watch the inbox, read each file (text layer or OCR), parse a letter's fields, and
file signed documents that come back."""
