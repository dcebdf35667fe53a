from tensorflow.keras.layers import LSTM
from tensorflow.keras.models import Sequential

# One unit per word? units is the size of the hidden state, not the number of words.
model = Sequential()
model.add(LSTM(3, input_shape=(3, 2), return_sequences=True))
