# expect: wrong_answer
# feedback: time steps first, then features
import keras

inputs = keras.Input(shape=(2, 3))
model = keras.Model(inputs, keras.layers.SimpleRNN(4)(inputs))
