# expect: runtime_error
# feedback: the number of units must be a whole number
import keras

inputs = keras.Input(shape=(3, 2))
meaning = keras.layers.SimpleRNN(4)(inputs)
model = keras.Model(inputs, keras.layers.Dense(units="1")(meaning))
