from tensorflow.keras.layers import LSTM, Input
from tensorflow.keras.models import Model

# Same three outputs of shape (1, 4), another computation: the LSTM reads the words last to first.
inputs = Input((3, 2))
outputs, state_h, state_c = LSTM(4, return_state=True, go_backwards=True)(inputs)
model = Model(inputs, [outputs, state_h, state_c])
