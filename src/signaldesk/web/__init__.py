"""web stage of signaldesk."""
