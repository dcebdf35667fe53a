from tensorflow.keras.layers import LSTM
from tensorflow.keras.models import Sequential

# 4 × 4 × (2 + 4 + 1) = 112 parameters.
model = Sequential()
model.add(LSTM(4, input_shape=(3, 2)))
