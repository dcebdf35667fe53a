from tensorflow.keras.layers import SimpleRNN
from tensorflow.keras.models import Sequential

# 4 units × (2 features + 4 hidden state + 1 bias) = 28 parameters.
model = Sequential()
model.add(SimpleRNN(4, input_shape=(3, 2)))
