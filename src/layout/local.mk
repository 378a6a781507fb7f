# src/layout: nothing yet
