from tensorflow.keras.layers import GRU
from tensorflow.keras.models import Sequential

# 3 × 4 × (2 + 4 + 2) = 96 parameters.
model = Sequential()
model.add(GRU(4, input_shape=(3, 2)))
