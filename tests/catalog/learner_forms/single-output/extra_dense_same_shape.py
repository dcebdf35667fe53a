# expect: wrong_answer
# feedback: Dense layer that this exercise does not ask for
from tensorflow.keras.layers import Dense, SimpleRNN
from tensorflow.keras.models import Sequential

model = Sequential()
model.add(SimpleRNN(4, input_shape=(3, 2)))
model.add(Dense(4))
