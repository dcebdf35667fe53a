from tensorflow.keras.layers import SimpleRNN
from tensorflow.keras.models import Sequential

# 4 × (2 + 4) = 24: the bias is missing.
model = Sequential()
model.add(SimpleRNN(4, input_shape=(3, 2), use_bias=False))
