import numpy as np


def sigmoid(a):
    return 1 / (1 + np.exp(-a))


def gru_step(x_t, h_prev, W, U, b):
    # Same shape, different computation: z weighs the candidate instead of the old state.
    W_z, W_r, W_h = np.split(W, 3, axis=1)
    U_z, U_r, U_h = np.split(U, 3, axis=1)
    b_in_z, b_in_r, b_in_h = np.split(b[0], 3)
    b_rec_z, b_rec_r, b_rec_h = np.split(b[1], 3)
    z = sigmoid(x_t @ W_z + b_in_z + h_prev @ U_z + b_rec_z)
    r = sigmoid(x_t @ W_r + b_in_r + h_prev @ U_r + b_rec_r)
    candidate = np.tanh(x_t @ W_h + b_in_h + r * (h_prev @ U_h + b_rec_h))
    return (1 - z) * h_prev + z * candidate
