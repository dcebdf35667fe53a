import numpy as np


def rnn_step(x_t, h_prev, W, U, b):
    return np.tanh(x_t @ U + h_prev @ W + b)
