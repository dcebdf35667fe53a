from tensorflow.keras.layers import LSTM, Dense, TimeDistributed
from tensorflow.keras.models import Sequential

model = Sequential()
model.add(LSTM(4, input_shape=(5, 2), return_sequences=True))
model.add(TimeDistributed(Dense(3, activation="softmax")))
