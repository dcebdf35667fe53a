# expect: accepted
import keras

x = inputs = keras.Input(shape=(3, 2))
x = keras.layers.SimpleRNN(4, return_sequences=True)(x)
x = keras.layers.SimpleRNN(4, return_sequences=True)(x)
model = keras.Model(inputs, keras.layers.SimpleRNN(4)(x))
