# expect: accepted
import keras
from keras import layers

model = keras.Sequential(
    [
        keras.Input((5, 2)),
        layers.Bidirectional(layers.LSTM(4, return_sequences=True)),
        layers.TimeDistributed(layers.Dense(3, activation="softmax")),
    ]
)
