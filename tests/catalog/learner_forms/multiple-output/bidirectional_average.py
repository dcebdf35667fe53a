# expect: wrong_answer
# feedback: wrapped in Bidirectional
# feedback: merge_mode='ave'
import keras

model = keras.Sequential(
    [
        keras.Input((3, 2)),
        keras.layers.Bidirectional(keras.layers.SimpleRNN(4, return_sequences=True), merge_mode="ave"),
    ]
)
