# expect: accepted
import keras

inputs = keras.Input(shape=(3, 2))
meaning = keras.layers.SimpleRNN(4)(inputs)
model = keras.Model(inputs, keras.layers.Dense(1)(meaning))
