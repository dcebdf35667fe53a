from tensorflow.keras.layers import LSTM, Input
from tensorflow.keras.models import Model

inputs = Input((3, 2))
outputs = LSTM(4)(inputs)  # TODO: also return the final hidden state and cell state
model = Model(inputs, outputs)  # TODO: the model should have three outputs
