# data: nothing yet
