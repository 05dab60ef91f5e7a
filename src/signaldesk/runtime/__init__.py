"""runtime stage of signaldesk."""
