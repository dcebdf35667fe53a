# expect: accepted
# At the end of a Sequential, Keras makes the layer's output and its state the model's outputs:
# the same two tensors as the functional form.
from tensorflow.keras.layers import GRU
from tensorflow.keras.models import Sequential

model = Sequential([GRU(4, input_shape=(3, 2), return_state=True)])
