from tensorflow.keras.layers import GRU, Dense, TimeDistributed
from tensorflow.keras.models import Sequential

model = Sequential()
model.add(GRU(4, input_shape=(3, 2), return_sequences=True))
model.add(TimeDistributed(Dense(1)))
