import numpy as np


def rnn_step(x_t, h_prev, W, U, b):
    return np.maximum(0, x_t @ W + h_prev @ U + b)
