"""ingest stage of signaldesk."""
