# src/store: nothing yet
