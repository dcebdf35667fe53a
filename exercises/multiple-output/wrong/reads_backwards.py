from tensorflow.keras.layers import SimpleRNN
from tensorflow.keras.models import Sequential

# Same output shape (1, 3, 4), another computation: the layer reads the words from last to first.
model = Sequential()
model.add(SimpleRNN(4, input_shape=(3, 2), return_sequences=True, go_backwards=True))
