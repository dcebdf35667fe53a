# expect: accepted
import keras

inputs = keras.Input(shape=(3, 2))
every_word = keras.layers.SimpleRNN(4, return_sequences=True)(inputs)
last = keras.layers.SimpleRNN(4)(every_word)
model = keras.Model(inputs, last)
