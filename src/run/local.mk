# src/run: nothing yet
