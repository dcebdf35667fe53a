from tensorflow.keras.layers import Dense, SimpleRNN
from tensorflow.keras.models import Sequential

# Two recurrent layers and a Dense(4) to reach the (1, 4) output.
model = Sequential()
model.add(SimpleRNN(4, input_shape=(3, 2), return_sequences=True))
model.add(SimpleRNN(4))
model.add(Dense(4))
