from tensorflow.keras.layers import SimpleRNN
from tensorflow.keras.models import Sequential

# Features first, then time steps: the wrong way round.
model = Sequential()
model.add(SimpleRNN(4, input_shape=(2, 3), return_sequences=True))
