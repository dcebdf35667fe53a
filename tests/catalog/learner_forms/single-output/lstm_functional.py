# expect: wrong_answer
# feedback: should be a SimpleRNN
import keras

inputs = keras.Input((3, 2))
model = keras.Model(inputs, keras.layers.LSTM(4)(inputs))
