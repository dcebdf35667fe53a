# expect: wrong_answer
# feedback: You wrote `return_sequences='false'`
# feedback: counts as True
import keras

model = keras.Sequential(
    [
        keras.Input((3, 2)),
        keras.layers.SimpleRNN(4, return_sequences=True),
        keras.layers.SimpleRNN(4, return_sequences="false"),
    ]
)
