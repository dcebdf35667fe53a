from tensorflow.keras.layers import SimpleRNN
from tensorflow.keras.models import Sequential

model = Sequential()
model.add(GRU({{ units }}, input_shape=({{ timesteps }}, {{ features }})))
