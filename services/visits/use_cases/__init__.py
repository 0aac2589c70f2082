"""Visits's use cases: one transaction each, reading and writing through the adapters and
applying the rules of domain/."""
