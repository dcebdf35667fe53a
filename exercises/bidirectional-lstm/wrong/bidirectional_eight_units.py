from tensorflow.keras.layers import LSTM, Bidirectional
from tensorflow.keras.models import Sequential

# 8 units per direction: the concatenated output has 16 numbers.
model = Sequential()
model.add(Bidirectional(LSTM(8), input_shape=(3, 2)))
