# expect: wrong_answer
# feedback: 3 recurrent layers
import keras

model = keras.Sequential(
    [
        keras.Input((3, 2)),
        keras.layers.SimpleRNN(4, return_sequences=True),
        keras.layers.SimpleRNN(4, return_sequences=True),
        keras.layers.SimpleRNN(4),
    ]
)
