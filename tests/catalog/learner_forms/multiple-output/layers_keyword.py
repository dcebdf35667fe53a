# expect: accepted
import keras

model = keras.Sequential(layers=[keras.Input((3, 2)), keras.layers.SimpleRNN(4, return_sequences=True)])
