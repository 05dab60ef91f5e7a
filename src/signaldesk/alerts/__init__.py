"""alerts stage of signaldesk."""
