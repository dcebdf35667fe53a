# expect: accepted
import keras
from keras import layers

model = keras.Sequential(
    [
        keras.Input((3, 2)),
        layers.SimpleRNN(4, return_sequences=True),
        layers.TimeDistributed(layers.Dense(4, activation="softmax")),
    ]
)
