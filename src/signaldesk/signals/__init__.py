"""signals stage of signaldesk."""
