import numpy as np


def unroll(x, W, U, b):
    # Same shape, different computation: every block starts from the zero state.
    states = []
    for x_t in x:
        h = np.tanh(x_t @ W + np.zeros(4) @ U + b)
        states.append(h)
    return np.stack(states)
