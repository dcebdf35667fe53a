import numpy as np


def sigmoid(a):
    return 1 / (1 + np.exp(-a))


def gru_step(x_t, h_prev, W, U, b):
    W_z, W_r, W_h = np.split(W, 3, axis=1)
    U_z, U_r, U_h = np.split(U, 3, axis=1)
    b_in, b_rec = b
    # Compute the update gate z, the reset gate r, the candidate, and the new hidden state.
    return h_prev
