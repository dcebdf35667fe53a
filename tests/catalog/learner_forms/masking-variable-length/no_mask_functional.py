# expect: wrong_answer
# feedback: no Masking layer
import keras

inputs = keras.Input(shape=(5, 2))
model = keras.Model(inputs, keras.layers.SimpleRNN(4)(inputs))
