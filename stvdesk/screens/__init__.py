"""One module per screen. Screens are thin: they ask a query function and render."""
