from tensorflow.keras.layers import LSTM, Input
from tensorflow.keras.models import Model

inputs = Input((3, 2))
outputs = LSTM(4)(inputs)
model = Model(inputs, outputs)
