from tensorflow.keras.layers import LSTM, Input
from tensorflow.keras.models import Model

# The states are computed... and then left out of the model.
inputs = Input((3, 2))
outputs, state_h, state_c = LSTM(4, return_state=True)(inputs)
model = Model(inputs, [outputs])
