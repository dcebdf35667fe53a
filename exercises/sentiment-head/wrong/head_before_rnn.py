from tensorflow.keras.layers import Dense, SimpleRNN
from tensorflow.keras.models import Sequential

model = Sequential()
model.add(Dense(1, input_shape=(3, 2)))
model.add(SimpleRNN(4))
