# expect: accepted
import keras

model = keras.Sequential([keras.Input(shape=(3, 2)), keras.layers.SimpleRNN(units=4)])
