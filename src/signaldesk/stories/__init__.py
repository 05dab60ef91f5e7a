"""stories stage of signaldesk."""
