from tensorflow.keras.layers import LSTM
from tensorflow.keras.models import Sequential

model = Sequential()
model.add(LSTM(4, input_shape=(3, 2)))  # TODO: one output per word, please
