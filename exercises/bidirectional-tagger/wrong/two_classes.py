from tensorflow.keras.layers import LSTM, Bidirectional, Dense, TimeDistributed
from tensorflow.keras.models import Sequential

# "Name or not a name": 2 classes instead of name, place and other.
model = Sequential()
model.add(Bidirectional(LSTM(4, return_sequences=True), input_shape=(5, 2)))
model.add(TimeDistributed(Dense(2, activation="softmax")))
