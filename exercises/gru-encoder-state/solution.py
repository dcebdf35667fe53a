from tensorflow.keras.layers import GRU, Input
from tensorflow.keras.models import Model

inputs = Input((3, 2))
outputs, state = GRU(4, return_state=True)(inputs)
model = Model(inputs, [outputs, state])
