# expect: accepted
import keras

inputs = keras.Input(shape=(None, 2))
model = keras.Model(inputs, keras.layers.SimpleRNN(4, return_sequences=True)(inputs))
