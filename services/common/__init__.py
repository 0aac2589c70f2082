"""What every Wangge service shares: config, envelope, contracts, outbox, inbox, consumers."""
