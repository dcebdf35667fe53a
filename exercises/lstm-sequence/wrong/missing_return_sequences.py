from tensorflow.keras.layers import LSTM
from tensorflow.keras.models import Sequential

model = Sequential()
model.add(LSTM({{ units }}, input_shape=({{ timesteps }}, {{ features }})))
