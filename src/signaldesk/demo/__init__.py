"""demo stage of signaldesk."""
