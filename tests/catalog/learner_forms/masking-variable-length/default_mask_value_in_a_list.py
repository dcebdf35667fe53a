# expect: accepted
import keras

model = keras.Sequential([keras.Input((5, 2)), keras.layers.Masking(), keras.layers.SimpleRNN(4)])
