# expect: wrong_answer
# feedback: Activation(relu) layer that this exercise does not ask for
import keras

model = keras.Sequential([keras.Input((3, 2)), keras.layers.SimpleRNN(4), keras.layers.Activation("relu")])
