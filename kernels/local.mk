# kernels: nothing yet
