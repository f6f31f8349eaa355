"""Writes of 审管互动: keyword-only services, one transaction each."""
