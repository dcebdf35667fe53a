# expect: accepted
from tensorflow import keras

inputs = keras.Input(shape=(3, 2))
outputs = keras.layers.SimpleRNN(4, return_sequences=True)(inputs)
model = keras.Model(inputs=inputs, outputs=outputs)
