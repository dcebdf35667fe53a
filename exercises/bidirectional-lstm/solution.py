from tensorflow.keras.layers import LSTM, Bidirectional
from tensorflow.keras.models import Sequential

model = Sequential()
model.add(Bidirectional(LSTM(4), input_shape=(3, 2)))
