# expect: wrong_answer
# feedback: go_backwards=True
import keras

inputs = keras.Input(shape=(3, 2))
outputs = keras.layers.SimpleRNN(4, return_sequences=True, go_backwards=True)(inputs)
model = keras.Model(inputs, outputs)
