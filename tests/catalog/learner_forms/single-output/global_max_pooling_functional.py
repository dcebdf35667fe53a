# expect: wrong_answer
# feedback: the largest output over all the steps
# feedback: not the same computation
import keras

inputs = keras.Input((3, 2))
steps = keras.layers.SimpleRNN(4, return_sequences=True)(inputs)
model = keras.Model(inputs, keras.layers.GlobalMaxPooling1D()(steps))
