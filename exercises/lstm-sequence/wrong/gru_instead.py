from tensorflow.keras.layers import GRU
from tensorflow.keras.models import Sequential

model = Sequential()
model.add(GRU({{ units }}, input_shape=({{ timesteps }}, {{ features }}), return_sequences=True))
