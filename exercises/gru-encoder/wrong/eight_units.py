from tensorflow.keras.layers import GRU
from tensorflow.keras.models import Sequential

model = Sequential()
model.add(GRU(8, input_shape=({{ timesteps }}, {{ features }})))
