from tensorflow.keras.layers import GRU, Dense
from tensorflow.keras.models import Sequential

# The same (1, 3, 1) shape: Keras's Dense acts on the last axis of each step.
model = Sequential()
model.add(GRU(4, input_shape=(3, 2), return_sequences=True))
model.add(Dense(1))
