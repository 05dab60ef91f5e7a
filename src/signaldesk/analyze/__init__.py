"""analyze stage of signaldesk."""
