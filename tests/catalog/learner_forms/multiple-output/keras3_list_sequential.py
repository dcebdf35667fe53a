# expect: accepted
# Keras 3 spelled directly, a list-form Sequential with an explicit Input.
import keras
from keras import layers

model = keras.Sequential([keras.Input(shape=(3, 2)), layers.SimpleRNN(4, return_sequences=True)])
