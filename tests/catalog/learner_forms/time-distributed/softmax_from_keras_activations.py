# expect: accepted
import keras

model = keras.Sequential(
    [
        keras.Input((3, 2)),
        keras.layers.SimpleRNN(4, return_sequences=True),
        keras.layers.TimeDistributed(keras.layers.Dense(4, activation=keras.activations.softmax)),
    ]
)
