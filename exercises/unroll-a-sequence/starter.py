import numpy as np


def unroll(x, W, U, b):
    # x: one sentence, one row per word. Return every hidden state, one row per word.
    states = []
    for x_t in x:
        h = np.zeros(4)  # compute this word's hidden state
        states.append(h)
    return np.stack(states)
