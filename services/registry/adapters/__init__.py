"""Registry's adapters: its tables, set-based loaders and writers, and its copies of other
services' data kept from their events."""
