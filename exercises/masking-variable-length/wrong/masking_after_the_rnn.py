from tensorflow.keras.layers import Masking, SimpleRNN
from tensorflow.keras.models import Sequential

# Same output shape, but the SimpleRNN reads the padding: the mask comes too late.
model = Sequential()
model.add(SimpleRNN(4, input_shape=(5, 2)))
model.add(Masking(mask_value=0.0))
