# expect: wrong_answer
# feedback: applies a Dense layer to the last axis
# feedback: the same computation
import keras

inputs = keras.Input((3, 2))
steps = keras.layers.SimpleRNN(4, return_sequences=True)(inputs)
model = keras.Model(inputs, keras.layers.Dense(4, activation="softmax")(steps))
