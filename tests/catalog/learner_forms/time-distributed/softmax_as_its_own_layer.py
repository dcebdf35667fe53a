# expect: accepted
# TimeDistributed(Dense(4)) then a Softmax layer computes what Dense(4, activation="softmax") does.
from tensorflow.keras.layers import Dense, SimpleRNN, Softmax, TimeDistributed
from tensorflow.keras.models import Sequential

model = Sequential()
model.add(SimpleRNN(4, input_shape=(3, 2), return_sequences=True))
model.add(TimeDistributed(Dense(4)))
model.add(Softmax())
