# expect: accepted
# The canonical variant: 3 time steps of 2 features, 4 units; the time axis left open.
from tensorflow.keras.layers import LSTM
from tensorflow.keras.models import Sequential

model = Sequential()
model.add(LSTM(4, input_shape=(None, 2), return_sequences=True))
