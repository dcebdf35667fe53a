# expect: runtime_error
# feedback: several tensors
# feedback: output, state = SimpleRNN(4, return_state=True)(inputs)
from tensorflow import keras

inputs = keras.Input(shape=(3, 2))
encoded = keras.layers.SimpleRNN(4, return_state=True)(inputs)
model = keras.Model(inputs, keras.layers.Dense(1)(encoded))
