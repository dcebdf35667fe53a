from tensorflow.keras.layers import Bidirectional, SimpleRNN
from tensorflow.keras.models import Sequential

# Same output shape (1, 4), another computation: a second SimpleRNN reads the words backwards,
# and its last state is added to the forward one.
model = Sequential()
model.add(Bidirectional(SimpleRNN(4), merge_mode="sum", input_shape=(3, 2)))
