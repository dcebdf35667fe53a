# expect: wrong_answer
# feedback: no Dense layer wrapped in TimeDistributed
# feedback: the same computation
import keras

model = keras.Sequential([keras.Input((3, 2)), keras.layers.GRU(4, return_sequences=True), keras.layers.Dense(1)])
