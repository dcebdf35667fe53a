# expect: runtime_error
# feedback: leaves the batch out
# feedback: write `input_shape=(3, 2)`
# The exercise's batch (1, 3, 2) copied into input_shape, which leaves the batch out.
from tensorflow.keras.layers import SimpleRNN
from tensorflow.keras.models import Sequential

model = Sequential()
model.add(SimpleRNN(4, input_shape=(1, 3, 2), return_sequences=True))
