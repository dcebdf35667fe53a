from tensorflow.keras.layers import SimpleRNN
from tensorflow.keras.models import Sequential

# return_sequences=True on the first layer... but the second layer was never added.
model = Sequential()
model.add(SimpleRNN(4, input_shape=(3, 2), return_sequences=True))
