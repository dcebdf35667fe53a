from tensorflow.keras.layers import SimpleRNN
from tensorflow.keras.models import Sequential

# Same output shape (1, 1), another computation: a hidden state of one number, and no Dense head
# to turn the sentence's meaning into a score.
model = Sequential()
model.add(SimpleRNN(1, input_shape=(3, 2)))
