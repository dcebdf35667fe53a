# expect: wrong_answer
# feedback: return_state=True
import keras

inputs = keras.Input(shape=(3, 2))
outputs = keras.layers.GRU(4)(inputs)
model = keras.Model(inputs, [outputs, outputs])
