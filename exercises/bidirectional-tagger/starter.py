from tensorflow.keras.layers import LSTM, Bidirectional, Dense, TimeDistributed
from tensorflow.keras.models import Sequential

model = Sequential()
# TODO: make every word's vector depend on the words before it AND after it.
model.add(LSTM(4, input_shape=(5, 2), return_sequences=True))
# TODO: classify every word into 3 classes (name, place, other).
