from tensorflow.keras.layers import SimpleRNN
from tensorflow.keras.models import Sequential

model = Sequential()
# TODO: replace this SimpleRNN with a GRU of the same size.
model.add(SimpleRNN({{ units }}, input_shape=({{ timesteps }}, {{ features }})))
