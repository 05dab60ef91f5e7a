"""briefs stage of signaldesk."""
