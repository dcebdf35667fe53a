# expect: wrong_answer
# feedback: should be a SimpleRNN
import keras

model = keras.Sequential([keras.Input((3, 2)), keras.layers.RNN(keras.layers.GRUCell(4))])
