# expect: accepted
import keras

inputs = keras.Input(shape=(3, 2))
steps = keras.layers.SimpleRNN(4, return_sequences=True)(inputs)
tags = keras.layers.TimeDistributed(keras.layers.Dense(4, activation="softmax"))(steps)
model = keras.Model(inputs, tags)
