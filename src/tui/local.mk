# src/tui: nothing yet
