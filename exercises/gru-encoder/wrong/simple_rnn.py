from tensorflow.keras.layers import GRU, SimpleRNN
from tensorflow.keras.models import Sequential

# GRU imported, but the layer itself was never changed.
model = Sequential()
model.add(SimpleRNN({{ units }}, input_shape=({{ timesteps }}, {{ features }})))
