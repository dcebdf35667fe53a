from tensorflow.keras.layers import LSTM
from tensorflow.keras.models import Sequential

# The right output shape, (1, 8)... read in one direction only.
model = Sequential()
model.add(LSTM(8, input_shape=(3, 2)))
