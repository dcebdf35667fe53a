from tensorflow.keras.layers import GRU, Input
from tensorflow.keras.models import Model

inputs = Input((3, 2))
# TODO: a GRU with 4 units that also returns its final hidden state,
# and a model with two outputs.
outputs = GRU(4)(inputs)
model = Model(inputs, outputs)
