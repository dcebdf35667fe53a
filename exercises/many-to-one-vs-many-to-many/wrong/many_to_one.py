from tensorflow.keras.layers import GRU, Dense
from tensorflow.keras.models import Sequential

# Many-to-one: one score for the whole sentence.
model = Sequential()
model.add(GRU(4, input_shape=(3, 2)))
model.add(Dense(1))
