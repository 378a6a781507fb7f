# lessons: nothing yet
