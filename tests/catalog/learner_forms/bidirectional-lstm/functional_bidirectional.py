# expect: accepted
import keras

inputs = keras.Input(shape=(3, 2))
model = keras.Model(inputs, keras.layers.Bidirectional(keras.layers.LSTM(4))(inputs))
