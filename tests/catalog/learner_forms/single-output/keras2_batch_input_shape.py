# expect: runtime_error
# feedback: Keras 2's argument
# feedback: a batch of 1 sentence of shape (3, 2)
# feedback: write `input_shape=(3, 2)`
from tensorflow.keras.layers import SimpleRNN
from tensorflow.keras.models import Sequential

model = Sequential()
model.add(SimpleRNN(4, batch_input_shape=(1, 3, 2)))
