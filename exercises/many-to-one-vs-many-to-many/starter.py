from tensorflow.keras.layers import GRU, Dense, TimeDistributed
from tensorflow.keras.models import Sequential

# This is a many-to-one model: one score for the whole sentence.
# TODO: turn it into a many-to-many model with one score per word.
model = Sequential()
model.add(GRU(4, input_shape=(3, 2)))
model.add(Dense(1))
