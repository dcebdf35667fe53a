from tensorflow.keras.layers import GRU, SimpleRNN
from tensorflow.keras.models import Sequential

# GRU imported, but the layer itself was never changed.
model = Sequential()
model.add(SimpleRNN(4, input_shape=(3, 2)))
