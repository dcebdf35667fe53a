# expect: accepted
import keras

inputs = keras.Input(shape=(3, 2))
model = keras.Model(inputs, keras.layers.SimpleRNN(units=4)(inputs))
