# expect: accepted
import keras

inputs = keras.Input((3, 2))
model = keras.Model(inputs, keras.layers.RNN(keras.layers.LSTMCell(4), return_sequences=True)(inputs))
