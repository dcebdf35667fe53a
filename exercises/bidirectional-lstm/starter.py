from tensorflow.keras.layers import LSTM, Bidirectional
from tensorflow.keras.models import Sequential

model = Sequential()
# TODO: read the sentence in both directions
model.add(LSTM(4, input_shape=(3, 2)))
