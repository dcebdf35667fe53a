from tensorflow.keras.layers import GRU, Input
from tensorflow.keras.models import Model

inputs = Input((3, 2))
outputs = GRU(4)(inputs)
model = Model(inputs, outputs)
