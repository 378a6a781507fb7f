# src/lesson: nothing yet
