# expect: runtime_error
# feedback: does not take `batch_shape`
# feedback: leaves the batch out
# feedback: write `input_shape=(3, 2)`
from tensorflow import keras

model = keras.Sequential([keras.layers.SimpleRNN(4, batch_shape=(1, 3, 2), return_sequences=True)])
