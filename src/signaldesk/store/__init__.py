"""store stage of signaldesk."""
