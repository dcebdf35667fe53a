from tensorflow.keras.layers import Dense, SimpleRNN
from tensorflow.keras.models import Sequential

# 28 in the SimpleRNN, plus (4 + 1) × 1 = 5 in the head.
model = Sequential()
model.add(SimpleRNN(4, input_shape=(3, 2)))
model.add(Dense(1))
