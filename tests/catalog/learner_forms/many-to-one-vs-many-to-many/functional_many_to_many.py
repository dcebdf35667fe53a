# expect: accepted
import keras

inputs = keras.Input(shape=(3, 2))
steps = keras.layers.GRU(4, return_sequences=True)(inputs)
model = keras.Model(inputs, keras.layers.TimeDistributed(keras.layers.Dense(1))(steps))
