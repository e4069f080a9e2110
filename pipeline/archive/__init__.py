"""The outbox: case folders, atomic writes, manifests."""
