"""The ward sync server: API, services, storage, CLI and the staff console."""
